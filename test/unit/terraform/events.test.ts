import { beforeAll, describe, expect, it } from 'vitest';
import { resourcesOf, statement, synthInfrabot, type TerraformJson } from './synth';

let json: TerraformJson;

beforeAll(() => {
  json = synthInfrabot({ events: { maximumRetryAttempts: 4, maximumEventAgeSeconds: 1800 } });
});

describe('the build-finished rule', () => {
  it('matches finished builds of infrabot projects only', () => {
    // Act
    const [rule] = resourcesOf(json, 'aws_cloudwatch_event_rule');

    // Assess
    expect(JSON.parse(String(rule?.event_pattern))).toEqual({
      source: ['aws.codebuild'],
      'detail-type': ['CodeBuild Build State Change'],
      detail: {
        'project-name': [
          'infrabot-plan-aws',
          'infrabot-apply-aws',
          'infrabot-plan-google',
          'infrabot-apply-google',
          'infrabot-plan-github',
          'infrabot-apply-github',
        ],
        'build-status': ['SUCCEEDED', 'FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'],
      },
    });
  });

  it('targets the notifier with retries and a dead-letter queue', () => {
    const [target] = resourcesOf(json, 'aws_cloudwatch_event_target');
    expect(target).toMatchObject({
      arn: expect.stringContaining('aws_lambda_function.notifier_function'),
      dead_letter_config: { arn: expect.stringContaining('aws_sqs_queue.events_dead-letters') },
      retry_policy: { maximum_retry_attempts: 4, maximum_event_age_in_seconds: 1800 },
    });
  });

  it('lets only this rule invoke the notifier', () => {
    const permission = resourcesOf(json, 'aws_lambda_permission').find((p) => p.principal === 'events.amazonaws.com');
    expect(permission).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: expect.stringContaining('notifier_function'),
      source_arn: expect.stringContaining('aws_cloudwatch_event_rule.'),
    });
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

  it('accepts messages from EventBridge only for this rule', () => {
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
        Condition: { ArnEquals: { 'aws:SourceArn': expect.stringContaining('aws_cloudwatch_event_rule.') } },
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
});
