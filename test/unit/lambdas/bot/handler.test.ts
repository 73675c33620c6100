import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { handler } from '../../../../lambdas/bot/handler';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { slackMethod, startFakeSlackApi } from '../../../support/fake-slack-api';
import { writeTestConfig } from '../../../support/infrabot-yaml';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';
import { slackSignatureHeaders, slashCommandBody } from '../../../support/slack-signing';

const sha = '0123456789abcdef0123456789abcdef01234567';
const signingSecret = 'bot-lambda-signing-secret';
const webhookSecret = 'bot-lambda-webhook-secret';
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
    INFRABOT_CONFIG: await writeTestConfig(),
    INFRABOT_TABLE: dynamo.tableName,
    INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: `${slack.url}/api/`,
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: 'ghs_test_token',
    GITHUB_WEBHOOK_SECRET: webhookSecret,
  });
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
});
afterAll(async () => Promise.all([dynamo.close(), slack.close(), github.close(), lambda.close()]));
beforeEach(() => {
  slack.requests.length = 0;
  lambda.requests.length = 0;
});

/** A Function URL (payload 2.0) request carrying a slash command, signed as Slack signs it. */
function slashCommand(text: string, triggerId: string, secret = signingSecret) {
  const body = slashCommandBody({ text, trigger_id: triggerId, response_url: `${slack.url}/respond` });
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: { ...slackSignatureHeaders(body, secret), host: 'abc.lambda-url.eu-west-1.on.aws' },
    requestContext: { http: { method: 'POST', path: '/slack/events' } },
    body,
    isBase64Encoded: false,
  };
}

describe('bot Lambda', () => {
  it('records a plan request and hands it to the dispatcher with an asynchronous invoke', async () => {
    const response = await handler(slashCommand('plan aws/prod/network', '1111.aaaa'));

    expect(response.statusCode).toBe(200);
    expect(lambda.requests).toHaveLength(1);
    const invoke = lambda.requests[0];
    expect(invoke?.path).toBe('/2015-03-31/functions/infrabot-dispatcher/invocations');
    expect(invoke?.headers['x-amz-invocation-type']).toBe('Event');
    const request = JSON.parse(invoke?.body ?? '{}');
    expect(request).toMatchObject({
      action: 'plan',
      stack: 'aws/prod/network',
      sha,
      ref: 'main',
      requestedBy: { source: 'slack', id: 'UALICE' },
      reply: { channel: 'C0123ABC' },
    });
    expect(await store.getJob(request.jobId)).toMatchObject({ status: 'queued', sha });
    expect(await store.listAudit({ limit: 1, target: 'aws/prod/network' })).toMatchObject([{ outcome: 'accepted' }]);
    expect(slack.requests.map(slackMethod)).toContain('chat.postMessage');
    expect(github.requests[0]?.headers.authorization).toBe('Bearer ghs_test_token');
  });

  it('hands a retried Slack request to the dispatcher only once', async () => {
    await handler(slashCommand('plan aws/prod/dns', '2222.bbbb'));

    await handler(slashCommand('plan aws/prod/dns', '2222.bbbb'));

    expect(lambda.requests).toHaveLength(1);
  });

  it('refuses a request with a wrong signature and records nothing', async () => {
    const response = await handler(slashCommand('plan aws/prod/network', '3333.cccc', 'not-the-secret'));

    expect(response.statusCode).toBe(401);
    expect(lambda.requests).toHaveLength(0);
    expect(slack.requests).toHaveLength(0);
  });

  it('answers an unknown stack with the closest names, in the acknowledgement, and dispatches nothing', async () => {
    const response = await handler(slashCommand('plan aws/prod/netwrk', '4444.dddd'));

    expect(response.statusCode).toBe(200);
    expect(lambda.requests).toHaveLength(0);
    expect(String(response.body)).toContain('aws/prod/network');
  });

  it('answers 400 to an event that is not an HTTP request', async () => {
    const response = await handler({ source: 'aws.events' });

    expect(response.statusCode).toBe(400);
  });

  it('serves the GitHub webhook on the same Function URL, refusing a bad signature', async () => {
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const event = (signature: string) => ({
      version: '2.0',
      rawPath: '/github/webhook',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': `delivery-${signature.length}-${Math.random()}`,
        'x-hub-signature-256': signature,
      },
      requestContext: { http: { method: 'POST', path: '/github/webhook' } },
      body,
      isBase64Encoded: false,
    });
    const good = `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`;

    const refused = await handler(event('sha256=0000'));
    const accepted = await handler(event(good));

    expect(refused.statusCode).toBe(401);
    expect(accepted.statusCode).toBeLessThan(300);
    expect(lambda.requests).toHaveLength(0);
  });

  it('handles a webhook delivery again when it is redelivered after its handling failed', async () => {
    // Prepare: GitHub refuses the eyes reaction, so handling the comment fails
    const body = JSON.stringify({
      action: 'created',
      issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/example-org/infra/pulls/7' } },
      comment: { id: 555, body: '/tf plan', user: { login: 'octocat', type: 'User' } },
      repository: { full_name: 'example-org/infra' },
    });
    const delivery = {
      version: '2.0',
      rawPath: '/github/webhook',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issue_comment',
        'x-github-delivery': `delivery-failing-${Math.random()}`,
        'x-hub-signature-256': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`,
      },
      requestContext: { http: { method: 'POST', path: '/github/webhook' } },
      body,
      isBase64Encoded: false,
    };
    const reactions = () => github.requests.filter((request) => request.path.endsWith('/comments/555/reactions'));
    const respond = github.respond;
    github.respond = (request) =>
      request.path.endsWith('/reactions')
        ? { status: 403, body: { message: 'Resource not accessible' } }
        : respond(request);

    // Act: the delivery, then GitHub's redelivery of it
    const first = await handler(delivery);
    const redelivered = await handler(delivery);

    // Assess: both were handled (and failed), neither dropped as a duplicate
    github.respond = respond;
    expect([first.statusCode, redelivered.statusCode]).toEqual([202, 202]);
    expect(reactions()).toHaveLength(2);
  });

  it('refuses a GitHub Actions request without an OIDC token', async () => {
    const response = await handler({
      version: '2.0',
      rawPath: '/github/actions',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST', path: '/github/actions' } },
      body: JSON.stringify({ action: 'plan', pr: 1, sha }),
      isBase64Encoded: false,
    });

    expect(response.statusCode).toBe(401);
    expect(lambda.requests).toHaveLength(0);
  });
});
