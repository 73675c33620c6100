import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../../lambdas/bot/handler';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { startFakeSlackApi } from '../../../support/fake-slack-api';
import { writeTestConfig } from '../../../support/infrabot-yaml';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';
import { slackSignatureHeaders, slashCommandBody } from '../../../support/slack-signing';

const signingSecret = 'bot-lambda-signing-secret';
let dynamo: LocalDynamo;
let slack: RecordingServer;
let lambda: RecordingServer;

beforeAll(async () => {
  [dynamo, slack] = await Promise.all([startDynalite(), startFakeSlackApi()]);
  lambda = await startRecordingServer(() => ({ status: 202, body: '' }));
  const cdn = 'cdn:\n  distributions:\n    - name: images\n      id: E2QWRUHAPOMQZL\n      allowed: [UALICE]\n';
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.url,
    INFRABOT_CONFIG: await writeTestConfig(cdn),
    INFRABOT_TABLE: dynamo.tableName,
    INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
    INFRABOT_SELFSERVICE_FUNCTION: 'infrabot-selfservice-worker',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: `${slack.url}/api/`,
  });
});
afterAll(async () => Promise.all([dynamo.close(), slack.close(), lambda.close()]));

describe('bot Lambda with /cdn configured', () => {
  it('hands a CloudFront invalidation to the worker Lambda with an asynchronous invoke', async () => {
    const body = slashCommandBody({
      command: '/cdn',
      text: 'invalidate images /img/*',
      trigger_id: '5555.eeee',
      response_url: `${slack.url}/respond`,
    });

    const response = await handler({
      version: '2.0',
      rawPath: '/slack/events',
      headers: slackSignatureHeaders(body, signingSecret),
      body,
      isBase64Encoded: false,
    });

    expect(response.statusCode).toBe(200);
    expect(lambda.requests.map((request) => request.path)).toEqual([
      '/2015-03-31/functions/infrabot-selfservice-worker/invocations',
    ]);
    expect(lambda.requests[0]?.headers['x-amz-invocation-type']).toBe('Event');
    expect(JSON.parse(lambda.requests[0]?.body ?? '{}')).toMatchObject({
      kind: 'cdn.invalidate',
      userId: 'UALICE',
      target: 'images',
      paths: ['/img/*'],
    });
  });
});
