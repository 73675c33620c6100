import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';
import { eventBridgeCron } from '../drift-cron';
import type { DeployInputs } from '../inputs';
import { allow } from '../policy';
import { ServiceRole } from './iam';
import type { InfrabotFunction } from './lambdas';

export interface DriftScheduleProps {
  inputs: DeployInputs;
  /** `drift.schedule` of infrabot.yaml. */
  schedule: string;
  bot: InfrabotFunction;
  accountId: string;
}

/** The event the schedule gives the bot Lambda: a drift run at the scheduled time. */
export const driftEventInput = JSON.stringify({
  infrabot: 'drift-run',
  scheduledTime: '<aws.scheduler.scheduled-time>',
});

/**
 * `drift.schedule` on AWS: an EventBridge Scheduler schedule (UTC) that invokes the bot Lambda with a drift-run
 * event, through a role that may invoke the bot and nothing else. The bot starts at most `drift.concurrency`
 * checks through the dispatcher; the notifier starts the next as each ends.
 */
export class DriftSchedule extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: DriftScheduleProps) {
    super(scope, id);
    const name = `${props.inputs.namePrefix}-drift`;
    this.role = new ServiceRole(this, 'role', {
      name: `${name}-scheduler`,
      description: 'infrabot: EventBridge Scheduler invokes the bot for scheduled drift checks',
      service: 'scheduler.amazonaws.com',
      sourceAccount: props.accountId,
    });
    const grant = this.role.allow('invoke-bot', [allow('InvokeBot', ['lambda:InvokeFunction'], [props.bot.arn])]);
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name,
      description: 'infrabot: drift checks of every stack (drift.schedule in infrabot.yaml)',
      scheduleExpression: eventBridgeCron(props.schedule),
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.bot.arn,
        roleArn: this.role.arn,
        input: driftEventInput,
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
      },
      dependsOn: [grant],
    });
    new LambdaPermission(this, 'bot-invoked-by-schedule', {
      statementId: 'InvokedByDriftSchedule',
      action: 'lambda:InvokeFunction',
      functionName: props.bot.function.functionName,
      principal: 'scheduler.amazonaws.com',
      sourceArn: this.schedule.arn,
    });
  }
}
