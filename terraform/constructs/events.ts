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

export interface BuildEventsProps {
  inputs: DeployInputs;
  projectNames: string[];
  notifier: InfrabotFunction;
  dispatcher: InfrabotFunction;
}

/**
 * Brings every finished build of infrabot's projects (and no other project) to the notifier. Events EventBridge
 * cannot deliver, and invocations of the notifier or the dispatcher that fail after their retries, land in one
 * dead-letter queue, which an alarm watches.
 */
export class BuildEvents extends Construct {
  readonly deadLetters: SqsQueue;
  readonly rule: CloudwatchEventRule;

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
        detail: { 'project-name': props.projectNames, 'build-status': [...terminalBuildStates] },
      }),
    });
    this.targetNotifier(props);
    this.acceptDeadLetters(props);
  }

  private targetNotifier({ inputs, notifier }: BuildEventsProps): void {
    new CloudwatchEventTarget(this, 'notifier-target', {
      rule: this.rule.name,
      targetId: 'notifier',
      arn: notifier.arn,
      deadLetterConfig: { arn: this.deadLetters.arn },
      retryPolicy: {
        maximumRetryAttempts: inputs.events.maximumRetryAttempts,
        maximumEventAgeInSeconds: inputs.events.maximumEventAgeSeconds,
      },
    });
    new LambdaPermission(this, 'notifier-invoked-by-rule', {
      statementId: 'InvokedByBuildFinishedRule',
      action: 'lambda:InvokeFunction',
      functionName: notifier.function.functionName,
      principal: 'events.amazonaws.com',
      sourceArn: this.rule.arn,
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
          Condition: { ArnEquals: { 'aws:SourceArn': this.rule.arn } },
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
        destinationConfig: { onFailure: { destination: this.deadLetters.arn } },
        dependsOn: [grant],
      });
    }
  }
}
