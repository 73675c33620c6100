import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import type { DeployInputs } from '../inputs';
import { allow, policyDocument } from '../policy';
import type { InfrabotFunction } from './lambdas';

/** The build states after which CodeBuild runs nothing more: the notifier reports each of them. */
export const terminalBuildStates = ['SUCCEEDED', 'FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'] as const;

/** How often the notifier sweeps for jobs whose end was lost (see docs/aws.md). */
export const sweepIntervalMinutes = 10;
/**
 * How long Lambda keeps trying a hand-off to the dispatcher (throttled, or failing on every retry) before it
 * goes to the dead-letter queue: never a build started long after it was asked for, and a bound on how long a
 * job can wait for its dispatcher.
 */
export const dispatcherMaximumEventAgeSeconds = 600;

/**
 * How long a job may stay queued before the sweep fails it as never started: the bot hands it over within its
 * own timeout, Lambda gives up on the hand-off after `dispatcherMaximumEventAgeSeconds`, and a dispatcher that
 * started by then is done within its timeout; the sum, rounded up to 5 minutes (15 minutes with the defaults).
 * Later than that the dispatcher can no longer start the job, so failing it races nothing.
 */
export function queuedTimeoutSeconds(inputs: DeployInputs): number {
  const { bot, dispatcher } = inputs.lambdas;
  const longest = bot.timeoutSeconds + dispatcherMaximumEventAgeSeconds + dispatcher.timeoutSeconds;
  return Math.ceil(longest / 300) * 300;
}

export interface BuildEventsProps {
  inputs: DeployInputs;
  /** How the name of every build project of the deployment begins (see `buildProjectNamePrefixes`). */
  projectNamePrefixes: string[];
  notifier: InfrabotFunction;
  dispatcher: InfrabotFunction;
}

/**
 * Brings every finished build of infrabot's projects (and no other project) to the notifier, and every build
 * that leaves CodeBuild's queue (so that its job's lock is extended from its start), and, every
 * 10 minutes, a scheduled event on which the notifier sweeps for jobs whose end was lost. Events EventBridge
 * cannot deliver, and invocations of the notifier or the dispatcher that fail after their retries, land in one
 * dead-letter queue, which an alarm watches.
 */
export class BuildEvents extends Construct {
  readonly deadLetters: SqsQueue;
  readonly rule: CloudwatchEventRule;
  /** Builds leaving CodeBuild's queue: their jobs' locks are extended from then. */
  readonly startedRule: CloudwatchEventRule;
  /** The schedule of the notifier's sweep. */
  readonly sweepRule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: BuildEventsProps) {
    super(scope, id);
    const { inputs } = props;
    this.deadLetters = new SqsQueue(this, 'dead-letters', {
      name: `${inputs.namePrefix}-dead-letters`,
      messageRetentionSeconds: 1_209_600,
      sqsManagedSseEnabled: true,
    });
    this.rule = new CloudwatchEventRule(this, 'build-finished', {
      name: `${inputs.namePrefix}-build-finished`,
      description: 'infrabot: a build of one of its CodeBuild projects finished',
      eventPattern: JSON.stringify({
        source: ['aws.codebuild'],
        'detail-type': ['CodeBuild Build State Change'],
        detail: {
          'project-name': props.projectNamePrefixes.map((prefix) => ({ prefix })),
          'build-status': [...terminalBuildStates],
        },
      }),
    });
    this.startedRule = new CloudwatchEventRule(this, 'build-started', {
      name: `${inputs.namePrefix}-build-started`,
      description: "infrabot: a build of one of its CodeBuild projects left the queue; its job's lock is extended",
      eventPattern: JSON.stringify({
        source: ['aws.codebuild'],
        'detail-type': ['CodeBuild Build Phase Change'],
        detail: {
          'project-name': props.projectNamePrefixes.map((prefix) => ({ prefix })),
          'completed-phase': ['QUEUED'],
        },
      }),
    });
    this.targetNotifier(props, this.rule, 'notifier', 'InvokedByBuildFinishedRule');
    this.targetNotifier(props, this.startedRule, 'notifier-build-started', 'InvokedByBuildStartedRule');
    this.sweepRule = new CloudwatchEventRule(this, 'sweep', {
      name: `${inputs.namePrefix}-sweep`,
      description: 'infrabot: the notifier finishes jobs whose build end or hand-off to the dispatcher was lost',
      scheduleExpression: `rate(${sweepIntervalMinutes} minutes)`,
    });
    this.scheduleSweep(props);
    this.acceptDeadLetters(props);
  }

  /**
   * The sweep rule targets the notifier with the scheduled event as is. A tick that cannot be delivered within
   * one interval is useless (the next one is due): it goes to the dead-letter queue, where the alarm sees it.
   */
  private scheduleSweep({ notifier }: BuildEventsProps): void {
    new CloudwatchEventTarget(this, 'sweep-target', {
      rule: this.sweepRule.name,
      targetId: 'notifier-sweep',
      arn: notifier.arn,
      deadLetterConfig: { arn: this.deadLetters.arn },
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: sweepIntervalMinutes * 60 },
    });
    new LambdaPermission(this, 'notifier-invoked-by-sweep', {
      statementId: 'InvokedBySweepSchedule',
      action: 'lambda:InvokeFunction',
      functionName: notifier.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.sweepRule.arn,
    });
  }

  private targetNotifier(
    { inputs, notifier }: BuildEventsProps,
    rule: CloudwatchEventRule,
    targetId: string,
    statementId: string,
  ): void {
    new CloudwatchEventTarget(this, `${targetId}-target`, {
      rule: rule.name,
      targetId,
      arn: notifier.arn,
      deadLetterConfig: { arn: this.deadLetters.arn },
      retryPolicy: {
        maximumRetryAttempts: inputs.events.maximumRetryAttempts,
        maximumEventAgeInSeconds: inputs.events.maximumEventAgeSeconds,
      },
    });
    new LambdaPermission(this, `${targetId}-invoked-by-rule`, {
      statementId,
      action: 'lambda:InvokeFunction',
      functionName: notifier.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: rule.arn,
    });
  }

  private acceptDeadLetters({ notifier, dispatcher }: BuildEventsProps): void {
    new SqsQueuePolicy(this, 'dead-letters-policy', {
      queueUrl: this.deadLetters.url,
      policy: policyDocument([
        {
          Sid: 'UndeliveredBuildEvents',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: this.deadLetters.arn,
          Condition: { ArnEquals: { 'aws:SourceArn': [this.rule.arn, this.startedRule.arn, this.sweepRule.arn] } },
        },
      ]),
    });
    for (const fn of [notifier, dispatcher]) {
      const grant = fn.role.allow('dead-letters', [
        allow('SendFailedEvents', ['sqs:SendMessage'], [this.deadLetters.arn]),
      ]);
      new LambdaFunctionEventInvokeConfig(this, `${fn.node.id}-async`, {
        functionName: fn.function.functionName,
        maximumRetryAttempts: 2,
        ...(fn === dispatcher ? { maximumEventAgeInSeconds: dispatcherMaximumEventAgeSeconds } : {}),
        destinationConfig: { onFailure: { destination: this.deadLetters.arn } },
        dependsOn: [grant],
      });
    }
  }
}
