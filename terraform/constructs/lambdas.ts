import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { type Bundle, type FunctionName, type LambdaName, lambdaNames } from '../bundles';
import type { DeployInputs, LambdaSettings } from '../inputs';
import { writeLogs } from '../policy';
import { ServiceRole } from './iam';

export interface InfrabotFunctionProps {
  namePrefix: string;
  name: FunctionName;
  bundle: Bundle;
  settings: LambdaSettings;
  logRetentionDays: number;
  environment: Record<string, string>;
}

/**
 * One of infrabot's Lambdas: Node.js 22 on arm64 from its esbuild bundle (`index.mjs` exporting `handler`),
 * its own log group with a retention, its own role (which may write only to that log group until the stack
 * grants more), and its reserved concurrency.
 */
export class InfrabotFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: ServiceRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: InfrabotFunctionProps) {
    super(scope, id);
    this.functionName = `${props.namePrefix}-${props.name}`;
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${this.functionName}`,
      retentionInDays: props.logRetentionDays,
    });
    this.role = new ServiceRole(this, 'role', {
      name: `${this.functionName}-lambda`,
      description: `infrabot ${props.name} Lambda`,
      service: 'lambda.amazonaws.com',
    });
    const logsPolicy = this.role.allow('logs', [writeLogs('WriteOwnLogs', this.logGroup.arn)]);
    const code = new TerraformAsset(this, 'bundle', { path: props.bundle.dir, type: AssetType.ARCHIVE });
    const { memoryMb, timeoutSeconds, reservedConcurrency } = props.settings;
    this.function = new LambdaFunction(this, 'function', {
      functionName: this.functionName,
      description: `infrabot ${props.name}`,
      role: this.role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: memoryMb,
      timeout: timeoutSeconds,
      reservedConcurrentExecutions: reservedConcurrency ?? -1,
      environment: { variables: props.environment },
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      dependsOn: [this.logGroup, logsPolicy],
    });
  }

  get arn(): string {
    return this.function.arn;
  }
}

/** The three Lambdas, each with its bundle, settings and environment. */
export function createFunctions(
  scope: Construct,
  inputs: DeployInputs,
  bundles: Record<LambdaName, Bundle>,
  environments: Record<LambdaName, Record<string, string>>,
): Record<LambdaName, InfrabotFunction> {
  const entries = lambdaNames.map((name) => {
    const fn = new InfrabotFunction(scope, name, {
      namePrefix: inputs.namePrefix,
      name,
      bundle: bundles[name],
      settings: inputs.lambdas[name],
      logRetentionDays: inputs.lambdas.logRetentionDays,
      environment: environments[name],
    });
    return [name, fn] as const;
  });
  return Object.fromEntries(entries) as Record<LambdaName, InfrabotFunction>;
}
