import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { type Bundle, selfServiceWorkerName } from '../bundles';
import type { DeployModel } from '../model';
import { allow, type PolicyStatement } from '../policy';
import { InfrabotFunction } from './lambdas';
import type { Secrets } from './secrets';
import { selfServiceStatements } from './self-service-policies';
import type { State } from './state';

export interface SelfServiceWorkerProps {
  model: DeployModel;
  bundle: Bundle;
  accountId: string;
  environment: Record<string, string>;
  state: State;
  secrets: Secrets;
  deadLetters: SqsQueue;
}

/**
 * A task no invocation picked up within the Slack `response_url`'s 30 minutes goes to the dead-letter queue:
 * by then the user could no longer be told privately, and a late invalidation or query would surprise them.
 */
const maximumTaskAgeSeconds = 1800;

/**
 * The `/cdn` and `/logs` worker Lambda (`<prefix>-selfservice-worker`), invoked asynchronously by the bot. One
 * role holds both commands' least-privilege policies, since one function runs both: CloudFront on the listed
 * distributions, Athena on the configured workgroups and tables, `PutItem` on the table (audit lines), the
 * Slack bot token. A failed run is never retried (`maximumRetryAttempts: 0`), so it is not replayed into a
 * second Slack message; it lands in the dead-letter queue instead.
 */
export class SelfServiceWorker extends Construct {
  readonly function: InfrabotFunction;

  constructor(scope: Construct, id: string, props: SelfServiceWorkerProps) {
    super(scope, id);
    const { inputs } = props.model;
    this.function = new InfrabotFunction(this, selfServiceWorkerName, {
      namePrefix: inputs.namePrefix,
      name: selfServiceWorkerName,
      bundle: props.bundle,
      settings: inputs.lambdas[selfServiceWorkerName],
      logRetentionDays: inputs.lambdas.logRetentionDays,
      environment: props.environment,
    });
    const role = this.function.role;
    role.allow('app', this.appStatements(props));
    for (const [concern, statements] of Object.entries(selfServiceStatements(props.model, props.accountId))) {
      role.allow(concern, statements);
    }
    const deadLetters = role.allow('dead-letters', [
      allow('SendFailedEvents', ['sqs:SendMessage'], [props.deadLetters.arn]),
    ]);
    new LambdaFunctionEventInvokeConfig(this, 'async', {
      functionName: this.function.function.functionName,
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: maximumTaskAgeSeconds,
      destinationConfig: { onFailure: { destination: props.deadLetters.arn } },
      dependsOn: [deadLetters],
    });
  }

  get arn(): string {
    return this.function.arn;
  }

  private appStatements({ model, state, secrets }: SelfServiceWorkerProps): PolicyStatement[] {
    const statements = [
      allow('AppendAudit', ['dynamodb:PutItem'], [state.table.arn]),
      allow('ReadOwnSecrets', ['secretsmanager:GetSecretValue'], secrets.arnsFor(selfServiceWorkerName)),
    ];
    const kmsKeyArn = model.inputs.secrets.kmsKeyArn;
    if (kmsKeyArn) statements.push(allow('DecryptSecrets', ['kms:Decrypt'], [kmsKeyArn]));
    return statements;
  }
}
