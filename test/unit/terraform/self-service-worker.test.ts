import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareApp } from '../../../terraform/app';
import { DeployInputsSchema, parseDeployInputs } from '../../../terraform/inputs';
import { checkSynthesizedPolicies } from './policy-checker';
import {
  fakeBundles,
  fixtureConfig,
  policyStatements,
  resourcesOf,
  resourceWhere,
  statement,
  synthInfrabot,
  type TerraformJson,
} from './synth';

const results = 's3://athena-results/infrabot/';
const workerName = 'infrabot-selfservice-worker';
const workerArn = /^\$\{aws_lambda_function\.self-service_selfservice-worker_function_\w+\.arn\}$/;
const listOnly = { 'cloudfront:ListDistributions': 'no resource-level permissions for listing distributions' };

const dir = mkdtempSync(join(tmpdir(), 'infrabot-self-service-'));
const fixture = readFileSync(fixtureConfig, 'utf8');
const [stacksOnly = '', sections = ''] = fixture.split(/^(?=cdn:)/m);
const [cdnOnly = ''] = sections.split(/^(?=logs:)/m);

/** The fixture config with only some of its self-service sections. */
function configWith(name: string, text: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

const withoutSelfService = configWith('stacks-only', stacksOnly);
const withCdnOnly = configWith('cdn-only', `${stacksOnly}${cdnOnly}`);

const env = (json: TerraformJson, name: string) =>
  (resourceWhere(json, 'aws_lambda_function', 'function_name', name).environment as { variables: object }).variables;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the self-service worker with cdn and logs sections', () => {
  let json: TerraformJson;

  beforeAll(() => {
    json = synthInfrabot({ selfService: { athenaResultsLocation: results } });
  });

  it('runs on Node.js 22 and arm64 from its bundle, for 6 minutes, with reserved concurrency', () => {
    expect(resourceWhere(json, 'aws_lambda_function', 'function_name', workerName)).toMatchObject({
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: expect.stringMatching(/^assets\/self-service_selfservice-worker_bundle_\w+\/.+\/archive\.zip$/),
      timeout: 360,
      reserved_concurrent_executions: 5,
    });
    expect(resourceWhere(json, 'aws_cloudwatch_log_group', 'name', `/aws/lambda/${workerName}`)).toMatchObject({
      retention_in_days: 30,
    });
  });

  it('is told the table and the Slack bot token secret, and nothing of GitHub', () => {
    expect(env(json, workerName)).toEqual({
      INFRABOT_TABLE: expect.stringContaining('aws_dynamodb_table.'),
      POWERTOOLS_SERVICE_NAME: 'infrabot-selfservice-worker',
      POWERTOOLS_METRICS_NAMESPACE: 'infrabot',
      SLACK_BOT_TOKEN_FROM: expect.stringContaining('slack_bot_token'),
    });
  });

  it('is never retried, and a failed task goes to the dead-letter queue', () => {
    // Act
    const config = resourcesOf(json, 'aws_lambda_function_event_invoke_config').find((c) =>
      String(c.function_name).includes('selfservice-worker_function'),
    );

    // Assess
    expect(config).toMatchObject({
      maximum_retry_attempts: 0,
      maximum_event_age_in_seconds: 1800,
      destination_config: { on_failure: { destination: expect.stringContaining('aws_sqs_queue.') } },
    });
    expect(statement(json, 'infrabot-selfservice-worker-lambda-dead-letters', 'SendFailedEvents').Action).toEqual([
      'sqs:SendMessage',
    ]);
  });

  it('may append audit lines and read the Slack bot token only', () => {
    expect(policyStatements(json, 'infrabot-selfservice-worker-lambda-app')).toEqual([
      expect.objectContaining({ Sid: 'AppendAudit', Action: ['dynamodb:PutItem'] }),
      expect.objectContaining({
        Sid: 'ReadOwnSecrets',
        Resource: [expect.stringContaining('slack_bot_token')],
      }),
    ]);
  });

  it('lets the bot invoke exactly the worker, found by the name in its environment', () => {
    // Act
    const invokes = policyStatements(json, 'infrabot-bot-lambda-app').filter((s) =>
      (s.Action as string[]).includes('lambda:InvokeFunction'),
    );

    // Assess
    expect(env(json, 'infrabot-bot')).toMatchObject({ INFRABOT_SELFSERVICE_FUNCTION: workerName });
    expect(statement(json, 'infrabot-bot-lambda-app', 'InvokeSelfServiceWorker')).toEqual({
      Sid: 'InvokeSelfServiceWorker',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      Resource: [expect.stringMatching(workerArn)],
    });
    expect(invokes.map((s) => s.Sid)).toEqual(['InvokeDispatcher', 'InvokeSelfServiceWorker']);
  });

  it('lets the bot list distributions for /cdn which', () => {
    expect(statement(json, 'infrabot-bot-lambda-app', 'FindDistributions')).toMatchObject({
      Action: ['cloudfront:ListDistributions'],
      Resource: ['*'],
    });
  });

  it('passes the policy checker over the whole synthesized output', () => {
    expect(checkSynthesizedPolicies(json, listOnly).findings).toEqual([]);
  });
});

describe('the self-service worker with a cdn section only', () => {
  let json: TerraformJson;

  beforeAll(() => {
    json = synthInfrabot({ configPath: withCdnOnly, selfService: { athenaResultsLocation: results } });
  });

  it('is deployed with CloudFront access and no Athena access', () => {
    // Act
    const policies = resourcesOf(json, 'aws_iam_role_policy').map((policy) => policy.name);

    // Assess
    expect(policies).toContain('infrabot-selfservice-worker-lambda-cdn');
    expect(policies).not.toContain('infrabot-selfservice-worker-lambda-athena');
    expect(checkSynthesizedPolicies(json, listOnly).findings).toEqual([]);
  });
});

describe('a deployment without cdn or logs sections', () => {
  let json: TerraformJson;

  beforeAll(() => {
    json = synthInfrabot({ configPath: withoutSelfService });
  });

  it('has no worker, and the bot neither names nor invokes one nor lists distributions', () => {
    expect(resourcesOf(json, 'aws_codebuild_project')).toHaveLength(8);
    expect(resourcesOf(json, 'aws_lambda_function').map((fn) => fn.function_name)).not.toContain(workerName);
    expect(env(json, 'infrabot-bot')).not.toHaveProperty('INFRABOT_SELFSERVICE_FUNCTION');
    expect(policyStatements(json, 'infrabot-bot-lambda-app').map((s) => s.Sid)).toEqual([
      'InvokeDispatcher',
      'CancelInfrabotBuilds',
      'ReadWriteTable',
      'ReadOwnSecrets',
    ]);
    expect(checkSynthesizedPolicies(json, {}).findings).toEqual([]);
  });

  it('neither needs nor warns about the worker bundle', () => {
    // Act
    const prepared = prepareApp(
      DeployInputsSchema.parse({ configPath: withoutSelfService, bundlesDir: 'test/fixtures/deploy/no-bundles' }),
    );

    // Assess
    expect(prepared.model.config?.stacks).toHaveLength(4);
    expect(prepared.bundles).not.toHaveProperty('selfservice-worker');
    expect(prepared.warnings.at(-1)).toMatch(/^no bundle for bot, dispatcher, notifier under /);
  });
});

describe('the worker settings', () => {
  it('warns that /logs will fail when logs has no results location', () => {
    // Act
    const prepared = prepareApp(DeployInputsSchema.parse({ configPath: fixtureConfig, bundlesDir: fakeBundles() }));

    // Assess
    expect(prepared.warnings).toEqual([
      expect.stringMatching(/^github\.auth is "app"/),
      expect.stringMatching(/^infrabot\.yaml has a logs section but selfService\.athenaResultsLocation is not set/),
    ]);
  });

  it('refuses a timeout shorter than the worker polls', () => {
    // Act
    const parsed = parseDeployInputs({
      lambdas: { 'selfservice-worker': { memoryMb: 256, timeoutSeconds: 60, reservedConcurrency: 5 } },
    });

    // Assess
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringContaining('lambdas.selfservice-worker.timeoutSeconds: the selfservice-worker polls'),
    });
  });
});
