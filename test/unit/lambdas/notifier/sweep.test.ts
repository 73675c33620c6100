import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import type { Job } from '../../../../core/jobs/job';
import type { LockOwner } from '../../../../core/locks/lock';
import { handler } from '../../../../lambdas/notifier/handler';
import type { NotifyResult, SweepSummary } from '../../../../lambdas/notifier/notify-handler';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { codebuildOperation, type FakeBuild, fakeBuildArn, startFakeCodeBuild } from '../../../support/fake-codebuild';
import { slackArgs, slackMethod, startFakeSlackApi } from '../../../support/fake-slack-api';
import { notifierEnv } from '../../../support/notifier-env';
import type { RecordingServer } from '../../../support/recording-server';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

const sha = '0123456789abcdef0123456789abcdef01234567';
const minute = 60_000;
const fixture = (name: string): string => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');
/** The builds the CodeBuild stand-in knows, by build id; each test adds its own. */
const builds: Record<string, FakeBuild> = {};
let dynamo: LocalDynamo;
let s3: LocalS3;
let slack: RecordingServer;
let codebuild: RecordingServer;
let store: DynamoDbStore;
let artifacts: S3Artifacts;

beforeAll(async () => {
  [dynamo, s3, slack, codebuild] = await Promise.all([
    startDynalite(),
    startS3rver(),
    startFakeSlackApi(),
    startFakeCodeBuild(builds),
  ]);
  Object.assign(process.env, {
    ...(await notifierEnv({ dynamo, s3, slack })),
    AWS_ENDPOINT_URL_CODEBUILD: codebuild.url,
  });
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
  artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
});
afterAll(async () => Promise.all([dynamo.close(), s3.close(), slack.close(), codebuild.close()]));
beforeEach(() => {
  slack.requests.length = 0;
  codebuild.requests.length = 0;
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The build id CodeBuild gives a job's build, the same as in the fixture events (`event` below). */
const buildIdOf = (jobId: string) => `infrabot-plan:${jobId}-c340-456a-9166-edf953571bef`;

/** A job as the bot records it, `ageMs` ago, with its Slack message. */
function newJob(id: string, stack: string, ageMs: number, pr?: number): Job {
  return {
    id,
    action: 'plan',
    stack,
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    reply: { channel: 'C0123ABC', ts: `1700000000.${id.slice(-6)}` },
    status: 'queued',
    createdAt: new Date(Date.now() - ageMs).toISOString(),
    ...(pr !== undefined ? { pr } : {}),
  };
}

/** A running job holding its stack's lock, with its build recorded, as the dispatcher leaves it. */
async function runningJob(id: string, stack: string, owner?: LockOwner): Promise<Job> {
  const job = newJob(id, stack, 20 * minute, owner?.kind === 'pr' ? owner.pr : undefined);
  await store.createJob(job);
  await store.transitionJob(id, 'running', { startedAt: new Date(Date.now() - 19 * minute).toISOString() });
  await store.updateJob(id, { build: { id: buildIdOf(id) } });
  await store.acquireLock(
    { stack, owner: owner ?? { kind: 'job', jobId: id }, jobId: id, heldBy: 'U012ABCDEF', ttlMs: 3_600_000 },
    new Date(),
  );
  return job;
}

/** What BatchGetBuilds says of a job's build. */
function build(jobId: string, buildStatus: string, failedContext?: { statusCode: string; message: string }): void {
  const uuid = `${jobId}-c340-456a-9166-edf953571bef`;
  builds[buildIdOf(jobId)] = {
    arn: fakeBuildArn('infrabot-plan', uuid),
    buildStatus,
    logs: { deepLink: `https://console.example/logs/${jobId}` },
    phases: [
      { phaseType: 'SUBMITTED', phaseStatus: 'SUCCEEDED' },
      ...(buildStatus === 'IN_PROGRESS' ? [{ phaseType: 'BUILD' }] : []),
      ...(failedContext ? [{ phaseType: 'BUILD', phaseStatus: 'FAILED', contexts: [failedContext] }] : []),
    ],
  };
}

/** The event EventBridge delivers for a schedule rule. */
function scheduledEvent(): unknown {
  return {
    version: '0',
    id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    region: 'eu-west-1',
    resources: ['arn:aws:events:eu-west-1:123456789012:rule/infrabot-sweep'],
    detail: {},
  };
}

/** The fixture event of `status`, for the build of `jobId`. */
function buildEvent(status: 'succeeded' | 'failed', jobId: string): unknown {
  const raw = fixture(`codebuild/${status}.json`).replaceAll('j-lx2k3-ab12', jobId).replaceAll('8745a7a9', jobId);
  return JSON.parse(raw);
}

async function sweep(): Promise<SweepSummary> {
  const result: NotifyResult = await handler(scheduledEvent());
  if (!('sweep' in result)) throw new Error(`expected a sweep, got ${JSON.stringify(result)}`);
  return result.sweep;
}

/** Collects what the Lambda writes (Powertools logs and EMF metrics) until `vi.restoreAllMocks()`. */
function captureOutput(): string[] {
  const written: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  }
  return written;
}

/** The JSON lines among what was written. */
const jsonLines = (written: string[]) =>
  written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The `chat.update` calls made to one job's message. */
const updatesOf = (job: Job) =>
  slack.requests
    .filter((call) => slackMethod(call) === 'chat.update')
    .map(slackArgs)
    .filter((args) => args.ts === job.reply?.ts);

describe('the notifier sweep (a scheduled event)', () => {
  it('records a succeeded build whose event never arrived: the job succeeds, its lock goes, its Slack message is updated', async () => {
    const job = await runningJob('j-sweep-000001', 'aws/sweep/one');
    await artifacts.put(job.id, 'plan.json', fixture('plans/real-1.2-mixed.json'));
    build(job.id, 'SUCCEEDED');
    const written = captureOutput();

    const swept = await sweep();

    vi.restoreAllMocks();
    expect(swept.completed).toContain(job.id);
    expect(codebuild.requests.map(codebuildOperation)).toEqual(['BatchGetBuilds']);
    const lines = jsonLines(written);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'WARN', message: 'recorded the end of a build whose event never arrived' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ StuckJobsCompleted: 1, UnstartedJobsFailed: 0, JobsSucceeded: 1 }),
    );
    const done = await store.getJob(job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      build: { id: buildIdOf(job.id), logUrl: `https://console.example/logs/${job.id}` },
    });
    expect(done?.summary?.hasChanges).toBe(true);
    expect(await store.getLock('aws/sweep/one', new Date())).toBeUndefined();
    expect(updatesOf(job)).toHaveLength(1);
    expect(updatesOf(job)[0]).toMatchObject({ channel: 'C0123ABC' });
    expect(await store.listAudit({ limit: 5, target: 'aws/sweep/one' })).toMatchObject([
      { outcome: 'succeeded', jobId: job.id },
    ]);
  });

  it('records a failed build with the phase that failed and why, as its event would have', async () => {
    const job = await runningJob('j-sweep-000002', 'aws/sweep/two');
    await artifacts.put(job.id, 'log.txt', 'terraform plan\nError: reading EC2 VPC: UnauthorizedOperation\n');
    build(job.id, 'FAILED', {
      statusCode: 'COMMAND_EXECUTION_ERROR',
      message: 'Error while executing command: terraform plan. Reason: exit status 1',
    });

    const swept = await sweep();

    expect(swept.completed).toContain(job.id);
    expect(await store.getJob(job.id)).toMatchObject({
      status: 'failed',
      reason:
        'BUILD phase FAILED: COMMAND_EXECUTION_ERROR: Error while executing command: terraform plan. Reason: exit status 1',
    });
    expect(await store.getLock('aws/sweep/two', new Date())).toBeUndefined();
    expect(JSON.stringify(updatesOf(job))).toContain('UnauthorizedOperation');
  });

  it('changes nothing when the real event for the same build arrives later, or the next sweep runs', async () => {
    const job = await runningJob('j-sweep-000003', 'aws/sweep/three');
    await artifacts.put(job.id, 'plan.json', fixture('plans/real-1.2-no-changes.json'));
    build(job.id, 'SUCCEEDED');
    await sweep();
    const before = await store.getJob(job.id);
    slack.requests.length = 0;

    const late = await handler(buildEvent('succeeded', job.id));
    const again = await sweep();

    expect(late).toEqual({ handled: false, why: 'duplicate' });
    expect(again.completed).not.toContain(job.id);
    expect(again.alreadyRecorded).not.toContain(job.id);
    expect(slack.requests).toHaveLength(0);
    expect(await store.getJob(job.id)).toEqual(before);
    expect(await store.listAudit({ limit: 10, target: 'aws/sweep/three' })).toHaveLength(1);
  });

  it('leaves a running job alone while its build is in progress', async () => {
    const job = await runningJob('j-sweep-000004', 'aws/sweep/four', { kind: 'pr', pr: 41 });
    build(job.id, 'IN_PROGRESS');

    const swept = await sweep();

    expect(swept.completed).not.toContain(job.id);
    expect(swept.stillRunning).toBeGreaterThanOrEqual(1);
    expect(await store.getJob(job.id)).toMatchObject({ status: 'running' });
    expect(await store.getLock('aws/sweep/four', new Date())).toMatchObject({ activeJobId: job.id });
    expect(updatesOf(job)).toHaveLength(0);
  });

  it('extends the lock of a build still waiting in the queue past its first expiry, until its end releases it', async () => {
    const job = newJob('j-sweep-000009', 'aws/sweep/queued', 69 * minute);
    await store.createJob(job);
    await store.transitionJob(job.id, 'running', { startedAt: job.createdAt });
    await store.updateJob(job.id, { build: { id: buildIdOf(job.id) } });
    // Taken by the dispatcher 69 minutes ago for the job timeout (1 h) plus 10 minutes: it ends in a minute.
    await store.acquireLock(
      { stack: job.stack, owner: { kind: 'job', jobId: job.id }, jobId: job.id, heldBy: 'U012', ttlMs: 70 * minute },
      new Date(Date.now() - 69 * minute),
    );
    builds[buildIdOf(job.id)] = {
      arn: fakeBuildArn('infrabot-plan', `${job.id}-c340-456a-9166-edf953571bef`),
      buildStatus: 'IN_PROGRESS',
      currentPhase: 'QUEUED',
      phases: [{ phaseType: 'SUBMITTED', phaseStatus: 'SUCCEEDED' }, { phaseType: 'QUEUED' }],
    };

    const swept = await sweep();
    const later = new Date(Date.now() + 30 * minute);
    const held = await store.getLock(job.stack, later);
    const second = await store.acquireLock(
      {
        stack: job.stack,
        owner: { kind: 'job', jobId: 'j-sweep-000010' },
        jobId: 'j-sweep-000010',
        heldBy: 'U9',
        ttlMs: minute,
      },
      later,
    );
    await handler(buildEvent('failed', job.id));

    expect(swept.renewedLocks).toContain(job.id);
    expect(held).toMatchObject({ activeJobId: job.id });
    expect(Date.parse(held?.expiresAt ?? '')).toBeGreaterThan(Date.now() + 69 * minute);
    expect(second).toMatchObject({ ok: false, heldBy: { activeJobId: job.id } });
    expect(await store.getJob(job.id)).toMatchObject({ status: 'failed' });
    expect(await store.getLock(job.stack, new Date(0))).toBeUndefined();
  });

  it('fails a job still queued after 15 minutes, releases the lock it took and tells its requester', async () => {
    const job = newJob('j-sweep-000005', 'aws/sweep/five', 16 * minute);
    await store.createJob(job);
    // The dispatcher took the lock, then was lost before it moved the job on.
    await store.acquireLock(
      {
        stack: job.stack,
        owner: { kind: 'job', jobId: job.id },
        jobId: job.id,
        heldBy: 'U012ABCDEF',
        ttlMs: 3_600_000,
      },
      new Date(),
    );

    const swept = await sweep();

    expect(swept.unstarted).toContain(job.id);
    expect(await store.getJob(job.id)).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('the dispatcher never started it'),
    });
    expect(await store.getLock('aws/sweep/five', new Date())).toBeUndefined();
    expect(JSON.stringify(updatesOf(job))).toContain('the dispatcher never started it');
    expect(await store.listAudit({ limit: 5, target: 'aws/sweep/five' })).toMatchObject([
      { outcome: 'failed', jobId: job.id },
    ]);
  });

  it('leaves a job queued for less than 15 minutes to the dispatcher', async () => {
    const job = newJob('j-sweep-000006', 'aws/sweep/six', 2 * minute);
    await store.createJob(job);

    const swept = await sweep();

    expect(swept.unstarted).not.toContain(job.id);
    expect(await store.getJob(job.id)).toMatchObject({ status: 'queued' });
    expect(updatesOf(job)).toHaveLength(0);
  });
});

describe('an event the notifier cannot read', () => {
  it('is refused with what is wrong, logged once as an error without a stack trace, and never thrown', async () => {
    const written = captureOutput();

    const schedule = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    const garbage = await handler({ hello: 'world' });

    vi.restoreAllMocks();
    expect(schedule).toEqual({ handled: false, why: expect.stringContaining('time') });
    expect(garbage).toEqual({ handled: false, why: expect.stringContaining('CodeBuild Build State Change') });
    expect(jsonLines(written).map((line) => [line.level, line.message])).toEqual([
      ['ERROR', 'refusing a scheduled event it cannot read'],
      ['ERROR', expect.stringContaining('refusing an event it cannot read')],
    ]);
    expect(written.join('')).not.toMatch(/stack|\n\s+at /);
    expect(codebuild.requests).toHaveLength(0);
    expect(slack.requests).toHaveLength(0);
  });
});
