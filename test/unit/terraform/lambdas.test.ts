import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, resourceWhere, statement, synthInfrabot, type TerraformJson } from './synth';

let json: TerraformJson;

beforeAll(() => {
  json = synthInfrabot({
    lambdas: { logRetentionDays: 14, bot: { memoryMb: 512, timeoutSeconds: 30, reservedConcurrency: 20 } },
    github: { auth: 'app', appId: '123456' },
  });
});

describe('the Lambdas', () => {
  it('runs bot, dispatcher, notifier and the self-service worker on Node.js 22 and arm64 from their bundles', () => {
    // Act
    const functions = resourcesOf(json, 'aws_lambda_function');

    // Assess
    expect(functions.map((fn) => fn.function_name).sort()).toEqual([
      'infrabot-bot',
      'infrabot-dispatcher',
      'infrabot-notifier',
      'infrabot-selfservice-worker',
    ]);
    for (const fn of functions) {
      expect(fn).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler' });
      expect(String(fn.filename)).toMatch(/^assets\/.+\/archive\.zip$/);
      expect(fn.source_code_hash).toEqual(expect.any(String));
    }
  });

  it('reserves the configured concurrency for each function', () => {
    expect(
      resourceWhere(json, 'aws_lambda_function', 'function_name', 'infrabot-bot').reserved_concurrent_executions,
    ).toBe(20);
    expect(
      resourceWhere(json, 'aws_lambda_function', 'function_name', 'infrabot-dispatcher').reserved_concurrent_executions,
    ).toBe(5);
  });

  it('gives each function a log group with the configured retention', () => {
    for (const name of ['bot', 'dispatcher', 'notifier', 'selfservice-worker']) {
      const group = resourceWhere(json, 'aws_cloudwatch_log_group', 'name', `/aws/lambda/infrabot-${name}`);
      expect(group.retention_in_days).toBe(14);
    }
  });

  it('tells each function where the table, bucket, projects, dispatcher and secrets are', () => {
    // Prepare
    const env = (name: string) =>
      (
        resourceWhere(json, 'aws_lambda_function', 'function_name', `infrabot-${name}`).environment as {
          variables: Record<string, string>;
        }
      ).variables;

    // Assess
    expect(env('bot')).toMatchObject({
      INFRABOT_TABLE: expect.stringContaining('aws_dynamodb_table.'),
      INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher',
      GITHUB_APP_ID: '123456',
      SLACK_BOT_TOKEN_FROM: expect.stringMatching(
        /^\$\{aws_secretsmanager_secret\.secrets_slack_bot_token_\w+\.arn\}$/,
      ),
      SLACK_SIGNING_SECRET_FROM: expect.stringContaining('slack_signing_secret'),
      GITHUB_APP_PRIVATE_KEY_FROM: expect.stringContaining('github_app_private_key'),
      GITHUB_WEBHOOK_SECRET_FROM: expect.stringContaining('github_webhook_secret'),
    });
    expect(env('dispatcher')).toMatchObject({
      INFRABOT_ARTIFACTS_BUCKET: expect.stringContaining('aws_s3_bucket.'),
      INFRABOT_BUILD_PROJECT_PREFIX: 'infrabot',
    });
    expect(env('notifier')).toMatchObject({ INFRABOT_ARTIFACTS_BUCKET: expect.stringContaining('aws_s3_bucket.') });
    expect(env('notifier')).not.toHaveProperty('INFRABOT_BUILD_PROJECT_PREFIX');
    expect(env('notifier')).not.toHaveProperty('SLACK_SIGNING_SECRET_FROM');
    expect(env('dispatcher')).not.toHaveProperty('GITHUB_WEBHOOK_SECRET_FROM');
  });

  it('lets each function write only to its own log group', () => {
    expect(statement(json, 'infrabot-notifier-lambda-logs', 'WriteOwnLogs')).toEqual({
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.notifier_logs_\w+\.arn\}:\*$/)],
    });
  });
});

describe('the bot function URL', () => {
  it('is public (auth NONE) because Slack and GitHub sign their own requests', () => {
    const [url] = resourcesOf(json, 'aws_lambda_function_url');
    expect(url).toMatchObject({ authorization_type: 'NONE', function_name: expect.stringContaining('bot_function') });
  });

  it('allows public invocation only through the URL', () => {
    // Act
    const permissions = resourcesOf(json, 'aws_lambda_permission').filter((p) => p.principal === '*');

    // Assess
    expect(permissions).toEqual([
      expect.objectContaining({ action: 'lambda:InvokeFunction', invoked_via_function_url: true }),
      expect.objectContaining({ action: 'lambda:InvokeFunctionUrl', function_url_auth_type: 'NONE' }),
    ]);
  });

  it('requires an AWS provider that knows invoked_via_function_url', () => {
    expect(json.terraform.required_providers).toEqual({ aws: { source: 'aws', version: '>= 6.29.0, < 7.0.0' } });
  });
});
