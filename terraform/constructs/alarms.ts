import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { DeployInputs } from '../inputs';

export interface AlarmsProps {
  inputs: DeployInputs;
  functionNames: string[];
  deadLetterQueueName: string;
  applyProjectNames: string[];
  /** Whether drift checks run on a schedule: then an alarm watches `DriftedStacks`. */
  drift?: boolean;
}

/**
 * Alarms to an SNS topic (with optional email subscriptions and further topics): any Lambda error or throttle,
 * any message in the dead-letter queue, and any failed apply build (CodeBuild's `FailedBuilds` of each apply
 * project, which counts failed, faulted and timed-out builds).
 */
export class Alarms extends Construct {
  readonly topic: SnsTopic;
  private readonly actions: string[];
  private readonly period: number;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { inputs } = props;
    this.topic = new SnsTopic(this, 'topic', { name: `${inputs.namePrefix}-alarms` });
    inputs.alarms.emails.forEach((email, index) => {
      new SnsTopicSubscription(this, `email-${index}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });
    this.actions = [this.topic.arn, ...inputs.alarms.topicArns];
    this.period = inputs.alarms.periodSeconds;
    const prefix = inputs.namePrefix;
    for (const fn of props.functionNames) {
      this.alarm(`${fn}-errors`, 'AWS/Lambda', 'Errors', { FunctionName: fn }, `${fn} failed`);
      this.alarm(`${fn}-throttles`, 'AWS/Lambda', 'Throttles', { FunctionName: fn }, `${fn} was throttled`);
    }
    this.alarm(
      `${prefix}-dead-letters`,
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      { QueueName: props.deadLetterQueueName },
      'a build event or a job hand-off was not processed: read the dead-letter queue',
      'Maximum',
    );
    for (const project of props.applyProjectNames) {
      this.alarm(
        `${project}-failed`,
        'AWS/CodeBuild',
        'FailedBuilds',
        { ProjectName: project },
        `an apply in ${project} failed`,
      );
    }
    if (props.drift) this.driftAlarm(prefix, inputs.alarms.driftHours);
  }

  /**
   * Some stack drifted (not snoozed) for `hours` on end: the notifier counts `DriftedStacks` at every sweep
   * (10 minutes); the alarm needs the least count of every hour of the window above zero.
   */
  private driftAlarm(prefix: string, hours: number) {
    return new CloudwatchMetricAlarm(this, `${prefix}-drifted-stacks`, {
      alarmName: `${prefix}-drifted-stacks`,
      alarmDescription: `infrabot: a stack has drifted from its code for ${hours} hours: see /tf drift`,
      namespace: 'infrabot',
      metricName: 'DriftedStacks',
      dimensions: { service: 'infrabot-notifier' },
      statistic: 'Minimum',
      period: 3600,
      evaluationPeriods: hours,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: this.actions,
      okActions: this.actions,
    });
  }

  private alarm(
    name: string,
    namespace: string,
    metric: string,
    dimensions: Record<string, string>,
    what: string,
    statistic = 'Sum',
  ) {
    return new CloudwatchMetricAlarm(this, name, {
      alarmName: name,
      alarmDescription: `infrabot: ${what}`,
      namespace,
      metricName: metric,
      dimensions,
      statistic,
      period: this.period,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: this.actions,
      okActions: this.actions,
    });
  }
}
