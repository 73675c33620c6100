import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, resourceWhere, statement, synthInfrabot, type TerraformJson } from './synth';

let json: TerraformJson;

beforeAll(() => {
  json = synthInfrabot({ events: { maximumRetryAttempts: 4, maximumEventAgeSeconds: 1800 } });
});

/** How the synthesized JSON refers to the ARN of the rule with this name. */
function ruleArn(name: string): string {
  const rules = json.resource.aws_cloudwatch_event_rule ?? {};
  const [key] = Object.entries(rules).find(([, body]) => body.name === name) ?? [];
  if (!key) throw new Error(`no rule ${name}`);
  return `\${aws_cloudwatch_event_rule.${key}.arn}`;
}

const target = (id: string) => resourceWhere(json, 'aws_cloudwatch_event_target', 'target_id', id);
const permission = (sid: string) => resourceWhere(json, 'aws_lambda_permission', 'statement_id', sid);
const invokeConfig = (fn: string) =>
  resourcesOf(json, 'aws_lambda_function_event_invoke_config').find((c) =>
    String(c.function_name).includes(`${fn}_function`),
  );

describe('the build-finished rule', () => {
  it('matches finished builds of infrabot projects only', () => {
    // Act
    const rule = resourceWhere(json, 'aws_cloudwatch_event_rule', 'name', 'infrabot-build-finished');

    // Assess
    expect(JSON.parse(String(rule?.event_pattern))).toEqual({
      source: ['aws.codebuild'],
      'detail-type': ['CodeBuild Build State Change'],
      detail: {
        'project-name': [{ prefix: 'infrabot-plan-' }, { prefix: 'infrabot-apply-' }],
        'build-status': ['SUCCEEDED', 'FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'],
      },
    });
  });

  it('targets the notifier with retries and a dead-letter queue', () => {
    expect(target('notifier')).toMatchObject({
      rule: expect.stringContaining('aws_cloudwatch_event_rule.'),
      arn: expect.stringContaining('aws_lambda_function.notifier_function'),
      dead_letter_config: { arn: expect.stringContaining('aws_sqs_queue.events_dead-letters') },
      retry_policy: { maximum_retry_attempts: 4, maximum_event_age_in_seconds: 1800 },
    });
  });

  it('lets only this rule invoke the notifier', () => {
    expect(permission('InvokedByBuildFinishedRule')).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: expect.stringContaining('notifier_function'),
      principal: 'events.amazonaws.com',
      source_arn: ruleArn('infrabot-build-finished'),
    });
  });
});

describe('the build-started rule', () => {
  it('matches the end of the queued phase of builds of infrabot projects only', () => {
    // Act
    const rule = resourceWhere(json, 'aws_cloudwatch_event_rule', 'name', 'infrabot-build-started');

    // Assess
    expect(JSON.parse(String(rule?.event_pattern))).toEqual({
      source: ['aws.codebuild'],
      'detail-type': ['CodeBuild Build Phase Change'],
      detail: {
        'project-name': [{ prefix: 'infrabot-plan-' }, { prefix: 'infrabot-apply-' }],
        'completed-phase': ['QUEUED'],
      },
    });
  });

  it('targets the notifier with the same retries and dead-letter queue, and may invoke it', () => {
    expect(target('notifier-build-started')).toMatchObject({
      arn: expect.stringContaining('aws_lambda_function.notifier_function'),
      dead_letter_config: { arn: expect.stringContaining('aws_sqs_queue.events_dead-letters') },
      retry_policy: { maximum_retry_attempts: 4, maximum_event_age_in_seconds: 1800 },
    });
    expect(permission('InvokedByBuildStartedRule')).toMatchObject({
      principal: 'events.amazonaws.com',
      source_arn: ruleArn('infrabot-build-started'),
    });
  });
});

describe('the sweep schedule', () => {
  it('fires every 10 minutes and matches no event', () => {
    const rule = resourceWhere(json, 'aws_cloudwatch_event_rule', 'name', 'infrabot-sweep');
    expect(rule).toMatchObject({ schedule_expression: 'rate(10 minutes)' });
    expect(rule).not.toHaveProperty('event_pattern');
  });

  it('sends the scheduled event as is to the notifier, a tick undelivered within 10 minutes to the dead-letter queue', () => {
    expect(target('notifier-sweep')).toMatchObject({
      rule: expect.stringContaining('aws_cloudwatch_event_rule.events_sweep'),
      arn: expect.stringContaining('aws_lambda_function.notifier_function'),
      dead_letter_config: { arn: expect.stringContaining('aws_sqs_queue.events_dead-letters') },
      retry_policy: { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 600 },
    });
    expect(target('notifier-sweep')).not.toHaveProperty('input');
    expect(target('notifier-sweep')).not.toHaveProperty('input_transformer');
  });

  it('may invoke the notifier, and only the notifier, as this rule only', () => {
    // Act
    const fromEvents = resourcesOf(json, 'aws_lambda_permission').filter((p) => p.principal === 'events.amazonaws.com');

    // Assess
    expect(permission('InvokedBySweepSchedule')).toEqual({
      statement_id: 'InvokedBySweepSchedule',
      action: 'lambda:InvokeFunction',
      function_name: expect.stringMatching(/^\$\{aws_lambda_function\.notifier_function_\w+\.function_name\}$/),
      principal: 'events.amazonaws.com',
      source_arn: ruleArn('infrabot-sweep'),
    });
    expect(fromEvents.map((p) => p.source_arn).toSorted()).toEqual(
      [ruleArn('infrabot-build-finished'), ruleArn('infrabot-build-started'), ruleArn('infrabot-sweep')].toSorted(),
    );
  });

  it('gives the notifier the bound after which a queued job is failed: 15 minutes with the defaults', () => {
    const env = (inputs: Parameters<typeof synthInfrabot>[0]) =>
      (
        resourceWhere(synthInfrabot(inputs), 'aws_lambda_function', 'function_name', 'infrabot-notifier')
          .environment as { variables: Record<string, string> }
      ).variables.INFRABOT_QUEUED_TIMEOUT_SECONDS;

    expect(env({})).toBe('900');
    // 30 s for the bot's hand-off + 600 s of the dispatcher's event age + 900 s of dispatcher, rounded up.
    expect(env({ lambdas: { dispatcher: { memoryMb: 256, timeoutSeconds: 900, reservedConcurrency: 5 } } })).toBe(
      '1800',
    );
  });
});

describe('the dead-letter queue', () => {
  it('is encrypted and keeps messages for two weeks', () => {
    const [queue] = resourcesOf(json, 'aws_sqs_queue');
    expect(queue).toMatchObject({
      name: 'infrabot-dead-letters',
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1_209_600,
    });
  });

  it('accepts messages from EventBridge only for the build-finished and sweep rules', () => {
    // Act
    const [policy] = resourcesOf(json, 'aws_sqs_queue_policy');

    // Assess
    expect(JSON.parse(String(policy?.policy)).Statement).toEqual([
      {
        Sid: 'UndeliveredBuildEvents',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: expect.stringContaining('aws_sqs_queue.'),
        Condition: {
          ArnEquals: {
            'aws:SourceArn': [
              ruleArn('infrabot-build-finished'),
              ruleArn('infrabot-build-started'),
              ruleArn('infrabot-sweep'),
            ],
          },
        },
      },
    ]);
  });

  it('receives failed asynchronous invocations of the notifier, the dispatcher and the self-service worker', () => {
    // Act
    const configs = resourcesOf(json, 'aws_lambda_function_event_invoke_config');

    // Assess
    expect(configs.map((c) => c.function_name)).toEqual([
      expect.stringContaining('dispatcher_function'),
      expect.stringContaining('notifier_function'),
      expect.stringContaining('selfservice-worker_function'),
    ]);
    for (const config of configs) {
      expect(config.destination_config).toEqual({
        on_failure: { destination: expect.stringContaining('aws_sqs_queue.') },
      });
    }
    expect(statement(json, 'infrabot-notifier-lambda-dead-letters', 'SendFailedEvents').Action).toEqual([
      'sqs:SendMessage',
    ]);
  });

  it('receives a hand-off the dispatcher could not take within 10 minutes, instead of a build started late', () => {
    expect(invokeConfig('dispatcher')).toMatchObject({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 600 });
    expect(invokeConfig('notifier')).not.toHaveProperty('maximum_event_age_in_seconds');
  });
});
