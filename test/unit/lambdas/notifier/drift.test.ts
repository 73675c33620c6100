import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import type { Job } from '../../../../core/jobs/job';
import { handler } from '../../../../lambdas/notifier/handler';
import { sshOpenedPlan } from '../../../fixtures/drift-plans';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { slackArgs, slackMethod, startFakeSlackApi } from '../../../support/fake-slack-api';
import { writeTestConfig } from '../../../support/infrabot-yaml';
import { notifierEnv } from '../../../support/notifier-env';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

const sha = '0123456789abcdef0123456789abcdef01234567';
const scheduledAt = new Date(Date.now() - 60_000).toISOString();
let dynamo: LocalDynamo;
let s3: LocalS3;
let slack: RecordingServer;
let github: RecordingServer;
let lambda: RecordingServer;
let store: DynamoDbStore;
let artifacts: S3Artifacts;

beforeAll(async () => {
  [dynamo, s3, slack] = await Promise.all([startDynalite(), startS3rver(), startFakeSlackApi()]);
  github = await startRecordingServer((request) =>
    request.path.endsWith('/commits/main') ? { body: sha, headers: { 'content-type': 'text/plain' } } : { status: 404 },
  );
  lambda = await startRecordingServer(() => ({ status: 202, body: '' }));
  Object.assign(process.env, await notifierEnv({ dynamo, s3, slack }), {
    INFRABOT_CONFIG: await writeTestConfig('drift:\n  channel: C0DRIFT\n  concurrency: 1\n'),
    INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: 'ghs_test_token',
  });
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
  artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
});
afterAll(async () => Promise.all([dynamo.close(), s3.close(), slack.close(), github.close(), lambda.close()]));

/** A scheduled drift check of the network stack running, with two more stacks of its run waiting their turn. */
async function runningCheck(id: string): Promise<void> {
  const job: Job = {
    id,
    action: 'plan',
    kind: 'drift',
    stack: 'aws/prod/network',
    sha,
    ref: 'main',
    requestedBy: { source: 'schedule', id: 'drift', name: 'drift check' },
    status: 'queued',
    createdAt: scheduledAt,
  };
  await store.createJob(job);
  await store.transitionJob(id, 'running', { startedAt: scheduledAt });
  const owner = { kind: 'job' as const, jobId: id };
  await store.acquireLock({ stack: job.stack, owner, jobId: id, heldBy: 'drift check', ttlMs: 3_600_000 }, new Date());
  await store.updateDriftStatus(job.stack, { dueAt: scheduledAt, requestedAt: scheduledAt, jobId: id });
  for (const stack of ['aws/prod/dns', 'google/prod/project'])
    await store.updateDriftStatus(stack, { dueAt: scheduledAt });
  await artifacts.put(id, 'plan.json', JSON.stringify(sshOpenedPlan()));
  await artifacts.put(id, 'tfplan', 'saved plan');
}

/** The fixture event of a succeeded build of `jobId`. */
function succeeded(jobId: string): unknown {
  const raw = readFileSync(new URL('../../../fixtures/codebuild/succeeded.json', import.meta.url), 'utf8');
  return JSON.parse(raw.replaceAll('j-lx2k3-ab12', jobId).replaceAll('8745a7a9', jobId));
}

describe('the notifier Lambda at the end of a drift check', () => {
  it('announces the drift in the drift channel and hands the next waiting check to the dispatcher', async () => {
    await runningCheck('j-drift-0001');

    const result = await handler(succeeded('j-drift-0001'));

    expect(result).toEqual({ handled: true, jobId: 'j-drift-0001', status: 'succeeded' });
    const posts = slack.requests.filter((request) => slackMethod(request) === 'chat.postMessage').map(slackArgs);
    expect(posts).toEqual([expect.objectContaining({ channel: 'C0DRIFT', text: 'Drift in aws/prod/network' })]);
    expect(JSON.stringify(posts)).toContain('aws_security_group.web');
    expect(lambda.requests).toHaveLength(1);
    expect(lambda.requests[0]?.path).toBe('/2015-03-31/functions/infrabot-dispatcher/invocations');
    expect(JSON.parse(lambda.requests[0]?.body ?? '{}')).toMatchObject({
      action: 'plan',
      kind: 'drift',
      stack: 'aws/prod/dns',
      sha,
      requestedBy: { source: 'schedule', id: 'drift' },
    });
    expect((await store.getDriftStatus('aws/prod/network'))?.state).toMatchObject({ kind: 'drifted' });
    expect(await store.getLock('aws/prod/network', new Date())).toBeUndefined();
  });
});
