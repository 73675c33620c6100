import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventBridgeCron } from '../../../terraform/drift-cron';
import { tempDir } from '../../support/git-repo';
import { fixtureConfig, resourcesOf, resourceWhere, synthInfrabot, type TerraformJson } from './synth';

let json: TerraformJson;
let withoutSchedule: TerraformJson;

beforeAll(() => {
  json = synthInfrabot({ alarms: { driftHours: 48 } });
  const config = join(tempDir('drift-off'), 'infrabot.yaml');
  writeFileSync(config, readFileSync(fixtureConfig, 'utf8').replace('  schedule: "0 6 * * 1-5"\n', ''));
  withoutSchedule = synthInfrabot({ configPath: config });
});

describe('the drift schedule of the deployment', () => {
  it('invokes the bot Lambda on drift.schedule, in UTC, with the drift-run event', () => {
    const [schedule] = resourcesOf(json, 'aws_scheduler_schedule');

    expect(schedule).toMatchObject({
      name: 'infrabot-drift',
      schedule_expression: 'cron(0 6 ? * 2-6 *)',
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
      target: {
        arn: expect.stringContaining('aws_lambda_function.'),
        input: JSON.stringify({ infrabot: 'drift-run', scheduledTime: '<aws.scheduler.scheduled-time>' }),
      },
    });
  });

  it('gives the scheduler a role that may invoke the bot and nothing else', () => {
    const role = resourceWhere(json, 'aws_iam_role', 'name', 'infrabot-drift-scheduler');
    const policy = resourceWhere(json, 'aws_iam_role_policy', 'name', 'infrabot-drift-scheduler-invoke-bot');

    expect(JSON.parse(String(role.assume_role_policy))).toMatchObject({
      Statement: [{ Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const statements = JSON.parse(String(policy.policy)).Statement;
    expect(statements).toEqual([
      {
        Sid: 'InvokeBot',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: [expect.stringMatching(/^\$\{aws_lambda_function\.bot_function_[A-Z0-9]+\.arn\}$/)],
      },
    ]);
    expect(resourceWhere(json, 'aws_lambda_permission', 'statement_id', 'InvokedByDriftSchedule')).toMatchObject({
      principal: 'scheduler.amazonaws.com',
    });
  });

  it('lets the notifier hand the next checks of a run to the dispatcher', () => {
    const notifier = resourceWhere(json, 'aws_lambda_function', 'function_name', 'infrabot-notifier');
    const grants = resourceWhere(json, 'aws_iam_role_policy', 'name', 'infrabot-notifier-lambda-app');

    expect(notifier.environment).toMatchObject({ variables: { INFRABOT_DISPATCHER_FUNCTION: 'infrabot-dispatcher' } });
    expect(String(grants.policy)).toContain('"Sid":"InvokeDispatcher"');
  });

  it('alarms when a stack stays drifted for alarms.driftHours', () => {
    expect(resourceWhere(json, 'aws_cloudwatch_metric_alarm', 'alarm_name', 'infrabot-drifted-stacks')).toMatchObject({
      namespace: 'infrabot',
      metric_name: 'DriftedStacks',
      statistic: 'Minimum',
      period: 3600,
      evaluation_periods: 48,
      threshold: 0,
    });
  });

  it('has no schedule, no scheduler role and no drift alarm without drift.schedule', () => {
    expect(resourcesOf(withoutSchedule, 'aws_scheduler_schedule')).toEqual([]);
    expect(resourcesOf(withoutSchedule, 'aws_iam_role').map((role) => role.name)).not.toContain(
      'infrabot-drift-scheduler',
    );
    expect(resourcesOf(withoutSchedule, 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.metric_name)).not.toContain(
      'DriftedStacks',
    );
  });
});

describe('eventBridgeCron', () => {
  it.each([
    ['0 6 * * 1-5', 'cron(0 6 ? * 2-6 *)'],
    ['*/15 * * * *', 'cron(*/15 * * * ? *)'],
    ['30 2 1 * *', 'cron(30 2 1 * ? *)'],
    ['0 0 * * 0,6', 'cron(0 0 ? * 1,7 *)'],
    ['0 0 * * 7', 'cron(0 0 ? * 1 *)'],
    ['0 9 * * MON-FRI', 'cron(0 9 ? * MON-FRI *)'],
  ])('turns "%s" into %s', (cron, expected) => {
    expect(eventBridgeCron(cron)).toBe(expected);
  });

  it('refuses a day of the month together with a day of the week, which EventBridge cannot express', () => {
    expect(() => eventBridgeCron('0 6 1 * 1')).toThrow(/set one of them to \*/);
  });
});
