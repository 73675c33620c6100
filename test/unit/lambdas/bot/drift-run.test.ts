import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { handler } from '../../../../lambdas/bot/handler';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { startFakeSlackApi } from '../../../support/fake-slack-api';
import { writeTestConfig } from '../../../support/infrabot-yaml';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';

const sha = '0123456789abcdef0123456789abcdef01234567';
let dynamo: LocalDynamo;
let slack: RecordingServer;
let github: RecordingServer;
let lambda: RecordingServer;
let store: DynamoDbStore;

beforeAll(async () => {
  [dynamo, slack] = await Promise.all([startDynalite(), startFakeSlackApi()]);
  github = await startRecordingServer((request) =>
    request.path.endsWith('/commits/main') ? { body: sha, headers: { 'content-type': 'text/plain' } } : { status: 404 },
  );
  lambda = await startRecordingServer(() => ({ status: 202, body: '' }));
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    INFRABOT_CONFIG: await writeTestConfig('drift:\n  channel: C0DRIFT\n  schedule: "0 6 * * 1-5"\n  concurrency: 2\n'),
    INFRABOT_TABLE: dynamo.tableName,
    INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
    SLACK_SIGNING_SECRET: 'drift-run-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: `${slack.url}/api/`,
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: 'ghs_test_token',
  });
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
});
afterAll(async () => Promise.all([dynamo.close(), slack.close(), github.close(), lambda.close()]));

/** The event EventBridge Scheduler sends for drift.schedule, at a scheduled time. */
const driftEvent = (scheduledTime: string) => ({ infrabot: 'drift-run', scheduledTime });

describe('the bot Lambda on a scheduled drift run', () => {
  it('hands at most drift.concurrency checks to the dispatcher, as plans of the default branch head', async () => {
    const response = await handler(driftEvent('2026-12-07T06:00:00Z'));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body ?? '{}')).toEqual({
      started: ['aws/prod/network', 'aws/prod/dns'],
      skipped: [],
      waiting: 1,
    });
    expect(lambda.requests.map((request) => request.path)).toEqual([
      '/2015-03-31/functions/infrabot-dispatcher/invocations',
      '/2015-03-31/functions/infrabot-dispatcher/invocations',
    ]);
    expect(lambda.requests.every((request) => request.headers['x-amz-invocation-type'] === 'Event')).toBe(true);
    const first = JSON.parse(lambda.requests[0]?.body ?? '{}');
    expect(first).toEqual({
      jobId: expect.stringMatching(/^j-/),
      action: 'plan',
      kind: 'drift',
      stack: 'aws/prod/network',
      sha,
      ref: 'main',
      requestedBy: { source: 'schedule', id: 'drift', name: 'drift check' },
    });
    const waiting = await store.getDriftStatus('google/prod/project');
    expect(waiting?.dueAt).toBe('2026-12-07T06:00:00.000Z');
    expect(waiting?.requestedAt).toBeUndefined();
  });

  it('runs a scheduled time once when the scheduler delivers it again', async () => {
    const before = lambda.requests.length;

    const response = await handler(driftEvent('2026-12-07T06:00:00Z'));

    expect(JSON.parse(response.body ?? '{}')).toEqual({ started: [], skipped: [], waiting: 0 });
    expect(lambda.requests).toHaveLength(before);
  });
});
