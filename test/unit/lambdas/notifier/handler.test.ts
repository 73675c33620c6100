import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import type { Job } from '../../../../core/jobs/job';
import type { LockOwner } from '../../../../core/locks/lock';
import { handler } from '../../../../lambdas/notifier/handler';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { slackArgs, slackMethod, startFakeSlackApi } from '../../../support/fake-slack-api';
import { notifierEnv } from '../../../support/notifier-env';
import type { RecordingServer } from '../../../support/recording-server';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

const sha = '0123456789abcdef0123456789abcdef01234567';
const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');
let dynamo: LocalDynamo;
let s3: LocalS3;
let slack: RecordingServer;
let store: DynamoDbStore;
let artifacts: S3Artifacts;

beforeAll(async () => {
  [dynamo, s3, slack] = await Promise.all([startDynalite(), startS3rver(), startFakeSlackApi()]);
  Object.assign(process.env, await notifierEnv({ dynamo, s3, slack }));
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
  artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
});
afterAll(async () => Promise.all([dynamo.close(), s3.close(), slack.close()]));
beforeEach(() => {
  slack.requests.length = 0;
});

/** A running job holding its stack's lock, as the dispatcher leaves it. */
async function runningJob(id: string, stack: string, owner?: LockOwner): Promise<Job> {
  const job: Job = {
    id,
    action: 'plan',
    stack,
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    reply: { channel: 'C0123ABC', ts: '1700000000.000100' },
    status: 'queued',
    createdAt: new Date().toISOString(),
    ...(owner?.kind === 'pr' ? { pr: owner.pr } : {}),
  };
  await store.createJob(job);
  await store.transitionJob(id, 'running', { startedAt: new Date(Date.now() - 90_000).toISOString() });
  const lockOwner = owner ?? { kind: 'job', jobId: id };
  await store.acquireLock({ stack, owner: lockOwner, jobId: id, heldBy: 'U012ABCDEF', ttlMs: 3_600_000 }, new Date());
  return job;
}

/** The fixture event of `status`, for the build of `jobId`. */
function event(
  status: 'succeeded' | 'failed' | 'stopped' | 'timed-out' | 'in-progress' | 'queued-phase-completed',
  jobId: string,
): unknown {
  const raw = fixture(`codebuild/${status}.json`).replaceAll('j-lx2k3-ab12', jobId).replaceAll('8745a7a9', jobId);
  return JSON.parse(raw);
}

const slackText = () => JSON.stringify(slack.requests.map(slackArgs));

describe('notifier Lambda', () => {
  it('records a succeeded plan, updates its Slack message and frees the lock', async () => {
    await runningJob('j-note-0001', 'aws/prod/network');
    await artifacts.put('j-note-0001', 'plan.json', fixture('plans/real-1.2-mixed.json'));
    await artifacts.put('j-note-0001', 'plan.txt', fixture('plans/real-1.2-mixed.txt'));

    const result = await handler(event('succeeded', 'j-note-0001'));

    expect(result).toEqual({ handled: true, jobId: 'j-note-0001', status: 'succeeded' });
    const job = await store.getJob('j-note-0001');
    expect(job).toMatchObject({
      status: 'succeeded',
      build: { id: 'infrabot-plan:j-note-0001-c340-456a-9166-edf953571bef' },
    });
    expect(job?.summary?.hasChanges).toBe(true);
    expect(await store.getLock('aws/prod/network', new Date())).toBeUndefined();
    expect(slack.requests.map(slackMethod)).toContain('chat.update');
    expect(slackArgs(slack.requests.find((call) => slackMethod(call) === 'chat.update') as never)).toMatchObject({
      channel: 'C0123ABC',
      ts: '1700000000.000100',
    });
    expect(await store.listAudit({ limit: 1, target: 'aws/prod/network' })).toMatchObject([
      { outcome: 'succeeded', jobId: 'j-note-0001' },
    ]);
  });

  it('changes nothing when the same event is delivered again', async () => {
    await runningJob('j-note-0002', 'aws/prod/dns');
    await artifacts.put('j-note-0002', 'plan.json', fixture('plans/real-1.2-no-changes.json'));
    await handler(event('succeeded', 'j-note-0002'));
    const before = await store.getJob('j-note-0002');
    slack.requests.length = 0;

    const again = await handler(event('succeeded', 'j-note-0002'));

    expect(again).toEqual({ handled: false, why: 'duplicate' });
    expect(slack.requests).toHaveLength(0);
    expect(await store.getJob('j-note-0002')).toEqual(before);
    expect(await store.listAudit({ limit: 10, target: 'aws/prod/dns' })).toHaveLength(1);
  });

  it('ignores a late event of another end for a job already finished', async () => {
    await runningJob('j-note-0003', 'aws/late/one');
    await handler(event('stopped', 'j-note-0003'));
    slack.requests.length = 0;

    const late = await handler(event('failed', 'j-note-0003'));

    expect(late).toEqual({ handled: false, why: 'duplicate' });
    expect(await store.getJob('j-note-0003')).toMatchObject({ status: 'cancelled' });
    expect(slack.requests).toHaveLength(0);
  });

  it('reports a failed build with the tail of its log', async () => {
    await runningJob('j-note-0004', 'aws/fail/one');
    await artifacts.put('j-note-0004', 'log.txt', 'terraform init\nError: creating EC2 VPC: UnauthorizedOperation\n');

    const result = await handler(event('failed', 'j-note-0004'));

    expect(result).toEqual({ handled: true, jobId: 'j-note-0004', status: 'failed' });
    expect(await store.getJob('j-note-0004')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('BUILD phase FAILED'),
    });
    expect(slackText()).toContain('UnauthorizedOperation');
    expect(await store.getLock('aws/fail/one', new Date())).toBeUndefined();
  });

  it('reports a timed-out build and says that its log tail is missing', async () => {
    await runningJob('j-note-0005', 'aws/timeout/one');

    const result = await handler(event('timed-out', 'j-note-0005'));

    expect(result).toEqual({ handled: true, jobId: 'j-note-0005', status: 'failed' });
    expect(await store.getJob('j-note-0005')).toMatchObject({ reason: expect.stringContaining('TIMED_OUT') });
    expect(slackText()).toContain('no log tail');
  });

  it('keeps the lock of the PR a plan was made for', async () => {
    await runningJob('j-note-0006', 'aws/pr/keep', { kind: 'pr', pr: 12 });

    await handler(event('stopped', 'j-note-0006'));

    const lock = await store.getLock('aws/pr/keep', new Date());
    expect(lock).toMatchObject({ owner: { kind: 'pr', pr: 12 } });
    expect(lock?.activeJobId).toBeUndefined();
  });

  it('ignores a build still in progress and an event that is not a build state change', async () => {
    await runningJob('j-note-0007', 'aws/progress/one');

    const inProgress = await handler(event('in-progress', 'j-note-0007'));
    const other = await handler({ 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2' });

    expect(inProgress).toEqual({ handled: false, why: 'build status IN_PROGRESS' });
    expect(other.handled).toBe(false);
    expect(await store.getJob('j-note-0007')).toMatchObject({ status: 'running' });
    expect(slack.requests).toHaveLength(0);
  });

  it("extends a job's lock from the moment its build leaves CodeBuild's queue, and changes nothing for an ended job", async () => {
    const minute = 60_000;
    await runningJob('j-note-0090', 'aws/started/one');
    const before = await store.getLock('aws/started/one', new Date());

    const result = await handler(event('queued-phase-completed', 'j-note-0090'));
    const after = await store.getLock('aws/started/one', new Date(Date.now() + 65 * minute));
    await handler(event('succeeded', 'j-note-0090'));
    const late = await handler(event('queued-phase-completed', 'j-note-0090'));

    expect(result).toEqual({ handled: true, jobId: 'j-note-0090', started: true, lockExtended: true });
    expect(Date.parse(after?.expiresAt ?? '')).toBeGreaterThan(Date.parse(before?.expiresAt ?? ''));
    expect(Date.parse(after?.expiresAt ?? '')).toBeGreaterThanOrEqual(Date.now() + 69 * minute);
    expect(late).toEqual({ handled: true, jobId: 'j-note-0090', started: true, lockExtended: false });
    expect(await store.getLock('aws/started/one', new Date(0))).toBeUndefined();
  });
});
