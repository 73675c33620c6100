import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { Construct } from 'constructs';
import type { Provider } from '../../core/config/schema';
import type { DeployInputs } from '../inputs';
import { type BuildAction, buildProjectName, type DeployModel } from '../model';
import { allow, type PolicyStatement, writeLogs } from '../policy';
import { ServiceRole } from './iam';
import { artifactPrefixes } from './state';
import { vpcNetworkStatements } from './vpc-access';

export interface BuildProjectsProps {
  model: DeployModel;
  bucketName: string;
  bucketArn: string;
  accountId: string;
}

/** One CodeBuild project with its own service role and log group. */
export interface BuildProject {
  action: BuildAction;
  provider: Provider;
  name: string;
  project: CodebuildProject;
  role: ServiceRole;
  logGroup: CloudwatchLogGroup;
}

/**
 * The CodeBuild projects that run Terraform: a plan and an apply project per provider in infrabot.yaml, so each
 * project's role may assume only that provider's plan (or apply) roles. Builds run the buildspecs, cache the
 * provider plugins in S3, are not privileged, time out, and optionally run inside a VPC.
 */
export class BuildProjects extends Construct {
  readonly projects: BuildProject[];

  constructor(scope: Construct, id: string, props: BuildProjectsProps) {
    super(scope, id);
    this.projects = props.model.providers.flatMap((provider) =>
      (['plan', 'apply'] as const).map((action) => this.project(props, action, provider)),
    );
  }

  /** The project of this action and provider. */
  find(action: BuildAction, provider: Provider): BuildProject | undefined {
    return this.projects.find((project) => project.action === action && project.provider === provider);
  }

  private project(props: BuildProjectsProps, action: BuildAction, provider: Provider): BuildProject {
    const { model } = props;
    const { inputs } = model;
    const name = buildProjectName(inputs.namePrefix, action, provider);
    const logGroup = new CloudwatchLogGroup(this, `${name}-logs`, {
      name: `/aws/codebuild/${name}`,
      retentionInDays: inputs.codebuild.logRetentionDays,
    });
    const role = new ServiceRole(this, `${name}-role`, {
      name: `${inputs.namePrefix}-codebuild-${action}-${provider}`,
      description: `infrabot CodeBuild ${action} for ${provider} stacks`,
      service: 'codebuild.amazonaws.com',
      sourceAccount: props.accountId,
    });
    // Plans and applies never share a cache: a plan cannot plant a provider plugin an apply would run.
    const cacheLocation = `${props.bucketName}/${buildCachePrefix(provider, action)}`;
    const policy = role.allow('build', buildStatements({ ...props, action, provider, logGroupArn: logGroup.arn }));
    const vpc = inputs.codebuild.vpc;
    const project = new CodebuildProject(this, name, {
      name,
      description: `infrabot: terraform ${action} for ${provider} stacks`,
      serviceRole: role.arn,
      buildTimeout: model.buildTimeoutMinutes,
      queuedTimeout: inputs.codebuild.queuedTimeoutMinutes,
      source: source(model, action),
      artifacts: { type: 'NO_ARTIFACTS' },
      cache: { type: 'S3', location: cacheLocation },
      environment: environment(inputs, action, provider, props.bucketName),
      logsConfig: { cloudwatchLogs: { groupName: logGroup.name, status: 'ENABLED' } },
      vpcConfig: vpc ? { vpcId: vpc.vpcId, subnets: vpc.subnetIds, securityGroupIds: vpc.securityGroupIds } : undefined,
      dependsOn: [policy],
    });
    return { action, provider, name, project, role, logGroup };
  }
}

/** The Terraform repository of infrabot.yaml, cloned at the job's commit (the dispatcher's `sourceVersion`). */
function source(model: DeployModel, action: BuildAction) {
  const connection = model.inputs.codebuild.sourceConnectionArn;
  return {
    type: 'GITHUB',
    location: `https://github.com/${model.repository}.git`,
    buildspec: model.buildspecs[action],
    // infrabot reports results itself, in Slack and on the PR.
    reportBuildStatus: false,
    auth: connection ? { type: 'CODECONNECTIONS', resource: connection } : undefined,
  };
}

function environment(inputs: DeployInputs, action: BuildAction, provider: Provider, bucketName: string) {
  const variables: Record<string, string> = {
    INFRABOT_ACTION: action,
    INFRABOT_PROVIDER: provider,
    INFRABOT_ARTIFACTS_BUCKET: bucketName,
    TF_IN_AUTOMATION: '1',
  };
  return {
    type: inputs.codebuild.environmentType,
    image: inputs.codebuild.image,
    computeType: inputs.codebuild.computeType,
    // A private ECR image is pulled with the project's role, which may read only that repository.
    imagePullCredentialsType: inputs.codebuild.imageRepositoryArn ? 'SERVICE_ROLE' : 'CODEBUILD',
    privilegedMode: false,
    environmentVariable: Object.entries(variables).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' })),
  };
}

interface StatementProps extends BuildProjectsProps {
  action: BuildAction;
  provider: Provider;
  logGroupArn: string;
}

/** The S3 cache of one project: per provider and action. */
export function buildCachePrefix(provider: Provider, action: BuildAction): string {
  return `${artifactPrefixes.cache}${provider}/${action}`;
}

/**
 * What a build may do: assume its stack roles, use its own cache, log. Nothing on the job artifacts: a build
 * reads and writes exactly its own objects through the presigned URLs the dispatcher gives it.
 */
function buildStatements(props: StatementProps): PolicyStatement[] {
  const { model, bucketArn, action, provider } = props;
  const { inputs } = model;
  const statements: PolicyStatement[] = [];
  const stackRoles = model.stackRoles(action, provider);
  if (stackRoles.length > 0) statements.push(allow('AssumeStackRoles', ['sts:AssumeRole'], stackRoles));
  statements.push(
    allow(
      'UseBuildCache',
      ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      [`${bucketArn}/${buildCachePrefix(provider, action)}/*`],
    ),
    allow('LocateCacheBucket', ['s3:GetBucketAcl', 's3:GetBucketLocation'], [bucketArn]),
    writeLogs('WriteOwnLogs', props.logGroupArn),
  );
  if (inputs.artifacts.kmsKeyArn) {
    statements.push(allow('UseArtifactsKey', ['kms:Decrypt', 'kms:GenerateDataKey'], [inputs.artifacts.kmsKeyArn]));
  }
  if (inputs.codebuild.sourceConnectionArn) {
    statements.push(
      allow(
        'CloneThroughConnection',
        [
          'codeconnections:UseConnection',
          'codeconnections:GetConnectionToken',
          'codestar-connections:UseConnection',
          'codestar-connections:GetConnectionToken',
        ],
        [inputs.codebuild.sourceConnectionArn],
      ),
    );
  }
  if (inputs.codebuild.imageRepositoryArn) statements.push(...imagePullStatements(inputs.codebuild.imageRepositoryArn));
  if (inputs.codebuild.vpc) statements.push(...vpcNetworkStatements(inputs, props.accountId));
  return statements;
}

/** Pulling the build image from its private ECR repository. */
function imagePullStatements(repositoryArn: string): PolicyStatement[] {
  return [
    // AWS offers nothing narrower: GetAuthorizationToken is account-wide and takes no resource.
    allow('GetRegistryToken', ['ecr:GetAuthorizationToken'], ['*']),
    allow(
      'PullBuildImage',
      ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      [repositoryArn],
    ),
  ];
}
