import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import type { ApplyOrder, Job } from '../../../../core/jobs/job';
import { summarizePlan } from '../../../../core/plan/summarize';
import { handler } from '../../../../lambdas/notifier/handler';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { slackArgs, slackMethod, startFakeSlackApi } from '../../../support/fake-slack-api';
import { notifierEnv } from '../../../support/notifier-env';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

const sha = '0123456789abcdef0123456789abcdef01234567';
const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');
const planJson = fixture('plans/real-1.2-mixed.json');
const requestedBy = { source: 'slack', id: 'UAPPLIER' } as const;
let dynamo: LocalDynamo;
let s3: LocalS3;
let slack: RecordingServer;
let lambda: RecordingServer;
let store: DynamoDbStore;
let artifacts: S3Artifacts;

/** The dispatcher Lambda refuses the notifier, as when its role may not invoke it or invokes are throttled. */
const refused = () => ({
  status: 403,
  headers: { 'x-amzn-errortype': 'AccessDeniedException' },
  body: { Message: 'not authorized to perform lambda:InvokeFunction' },
});
const accepted = () => ({ status: 202, body: '' });

beforeAll(async () => {
  [dynamo, s3, slack] = await Promise.all([startDynalite(), startS3rver(), startFakeSlackApi()]);
  lambda = await startRecordingServer(accepted);
  Object.assign(process.env, await notifierEnv({ dynamo, s3, slack }), {
    INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
  });
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
  artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
});
afterAll(async () => Promise.all([dynamo.close(), s3.close(), slack.close(), lambda.close()]));
beforeEach(() => {
  slack.requests.length = 0;
  lambda.requests.length = 0;
});

/** A job of `stack` requested from Slack, with its own message. */
function job(id: string, stack: string, fields: Partial<Job>): Job {
  return {
    id,
    action: 'apply',
    stack,
    sha,
    requestedBy,
    reply: { channel: 'C0123ABC', ts: `1700000000.${id.slice(-4)}` },
    status: 'queued',
    createdAt: new Date().toISOString(),
    ...fields,
  };
}

/** A job whose build runs, holding its stack's lock (the PR's, for a job of a PR), as the dispatcher leaves it. */
async function running(created: Job): Promise<void> {
  await store.createJob(created);
  await store.transitionJob(created.id, 'running', { startedAt: new Date().toISOString() });
  const owner =
    created.pr === undefined ? { kind: 'job' as const, jobId: created.id } : { kind: 'pr' as const, pr: created.pr };
  await store.acquireLock(
    { stack: created.stack, owner, jobId: created.id, heldBy: 'UAPPLIER', ttlMs: 3_600_000 },
    new Date(),
  );
}

/** A waiting apply of `stack` in the order given. */
async function waiting(id: string, stack: string, order: ApplyOrder, fields: Partial<Job> = {}): Promise<void> {
  await store.createJob(job(id, stack, { status: 'waiting', order, ...fields }));
}

/** The event of a succeeded build of `jobId`. */
function succeeded(jobId: string): unknown {
  const raw = fixture('codebuild/succeeded.json');
  return JSON.parse(raw.replaceAll('j-lx2k3-ab12', jobId).replaceAll('8745a7a9', jobId));
}

/** The text of every Slack message update, as JSON. */
const updates = () =>
  slack.requests
    .filter((request) => slackMethod(request) === 'chat.update')
    .map((request) => JSON.stringify(slackArgs(request)));
const handedOver = () => lambda.requests.map((request) => JSON.parse(request.body) as { jobId: string; stack: string });

describe('the notifier Lambda moving ordered applies on when the dispatcher cannot be invoked', () => {
  it('stops the apply whose plan made again could not be handed over, says why, and moves the rest of the layer on', async () => {
    // Prepare: dns and the google project wait for network's apply; the first hand-over is refused
    await running(job('j-lay1-net0', 'aws/prod/network', {}));
    const order = { upstream: ['j-lay1-net0'], replanAt: sha };
    await waiting('j-lay1-dns0', 'aws/prod/dns', order);
    await waiting('j-lay1-gcp0', 'google/prod/project', order);
    let invokes = 0;
    lambda.respond = () => (++invokes === 1 ? refused() : accepted());

    // Act
    const result = await handler(succeeded('j-lay1-net0'));

    // Assess: the network apply's end is recorded, the refused stack is stopped saying why, the other is planned
    expect(result).toEqual({ handled: true, jobId: 'j-lay1-net0', status: 'succeeded' });
    const first = handedOver()[0]?.stack === 'aws/prod/dns' ? 'j-lay1-dns0' : 'j-lay1-gcp0';
    const second = first === 'j-lay1-dns0' ? 'j-lay1-gcp0' : 'j-lay1-dns0';
    const stopped = await store.getJob(first);
    expect(stopped).toMatchObject({
      status: 'cancelled',
      reason: expect.stringMatching(
        /^not applied: planning \S+ again \(j-\S+\) failed: handing the job to the dispatcher failed: .*not authorized/,
      ),
    });
    expect(
      updates().some((update) => update.includes(stopped?.reply?.ts ?? '-') && update.includes('not authorized')),
    ).toBe(true);
    const replan = stopped?.order?.replan ?? '';
    expect(await store.getJob(replan)).toMatchObject({ status: 'failed' });
    expect(await store.getJob(second)).toMatchObject({ status: 'waiting', order: { replan: expect.any(String) } });
    expect(handedOver()).toHaveLength(2);
  });

  it('fails an apply that could not be handed over, frees its stack, says why and stops the stacks below it', async () => {
    // Prepare: after PR 12 merged, dns's merge commit is planned again (the same changes as reviewed); the
    // google project waits for dns's apply; the PR keeps dns's lock for its apply
    const reviewed = job('j-lay2-rev0', 'aws/prod/dns', {
      action: 'plan',
      status: 'succeeded',
      pr: 12,
      summary: summarizePlan(JSON.parse(planJson)),
    });
    await store.createJob(reviewed);
    await running(job('j-lay2-new0', 'aws/prod/dns', { action: 'plan', pr: 12, ref: 'main' }));
    await artifacts.put('j-lay2-new0', 'plan.json', planJson);
    await artifacts.put('j-lay2-new0', 'tfplan', 'saved plan');
    const merged = { replanAt: sha, replanRef: 'main', merged: true as const };
    await waiting(
      'j-lay2-dns0',
      'aws/prod/dns',
      { ...merged, upstream: [], replan: 'j-lay2-new0' },
      {
        pr: 12,
        planJobId: reviewed.id,
      },
    );
    await waiting('j-lay2-gcp0', 'google/prod/project', { ...merged, upstream: ['j-lay2-dns0'] }, { pr: 12 });
    lambda.respond = refused;

    // Act
    const result = await handler(succeeded('j-lay2-new0'));

    // Assess
    expect(result).toEqual({ handled: true, jobId: 'j-lay2-new0', status: 'succeeded' });
    expect(await store.getJob('j-lay2-dns0')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^handing the job to the dispatcher failed: .*not authorized/),
    });
    expect(updates().some((update) => update.includes('1700000000.dns0') && update.includes('not authorized'))).toBe(
      true,
    );
    expect(await store.getLock('aws/prod/dns', new Date())).toBeUndefined();
    expect(await store.getJob('j-lay2-gcp0')).toMatchObject({
      status: 'cancelled',
      reason: expect.stringMatching(
        /^not applied: google\/prod\/project depends on aws\/prod\/dns, and its apply j-lay2-dns0 failed: handing the job to the dispatcher failed/,
      ),
    });
  });
});
