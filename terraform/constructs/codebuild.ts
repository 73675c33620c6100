import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { Construct } from 'constructs';
import { buildProjectNamePrefixes } from '../../adapters/aws/build-project-name';
import type { StackConfig } from '../../core/config/schema';
import type { DeployInputs } from '../inputs';
import type { BuildAction, DeployModel } from '../model';
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

/** One CodeBuild project with its own service role, log group and cache: one stack's plans, or its applies. */
export interface BuildProject {
  action: BuildAction;
  stack: StackConfig;
  name: string;
  project: CodebuildProject;
  role: ServiceRole;
  logGroup: CloudwatchLogGroup;
}

/**
 * The CodeBuild projects that run Terraform: a plan and an apply project per stack in infrabot.yaml. Each
 * project's service role may assume exactly one role, its stack's role of its action, and uses its own plugin
 * cache: a plan runs the code of whatever ref its planner chose, and must not reach another stack's role (which
 * `planners` may keep that planner from) or plant a provider plugin another stack's builds would run. Builds run
 * the buildspecs, are not privileged, time out, and optionally run inside a VPC.
 */
export class BuildProjects extends Construct {
  readonly projects: BuildProject[];
  /**
   * The ARNs of every project this deployment makes, as patterns on its name prefix: listing each project would
   * outgrow IAM's policy size limit with a few dozen stacks.
   */
  readonly projectArnPatterns: string[];
  /** The ARNs of every project's log group and its streams, as patterns on the same prefixes. */
  readonly logGroupArnPatterns: string[];

  constructor(scope: Construct, id: string, props: BuildProjectsProps) {
    super(scope, id);
    const { inputs } = props.model;
    this.projects = props.model.stacks.flatMap((stack) =>
      (['plan', 'apply'] as const).map((action) => this.project(props, action, stack)),
    );
    const prefixes = buildProjectNamePrefixes(inputs.namePrefix);
    this.projectArnPatterns = prefixes.map(
      (prefix) => `arn:aws:codebuild:${inputs.region}:${props.accountId}:project/${prefix}*`,
    );
    this.logGroupArnPatterns = prefixes.map(
      (prefix) => `arn:aws:logs:${inputs.region}:${props.accountId}:log-group:/aws/codebuild/${prefix}*`,
    );
  }

  /** The project of this action for this stack. */
  find(action: BuildAction, stackName: string): BuildProject | undefined {
    return this.projects.find((project) => project.action === action && project.stack.name === stackName);
  }

  private project(props: BuildProjectsProps, action: BuildAction, stack: StackConfig): BuildProject {
    const { model } = props;
    const { inputs } = model;
    const name = model.projectName(action, stack);
    const logGroup = new CloudwatchLogGroup(this, `${name}-logs`, {
      name: `/aws/codebuild/${name}`,
      retentionInDays: inputs.codebuild.logRetentionDays,
    });
    // The role carries the project's name, which fits IAM's 64 characters (see buildProjectName).
    const role = new ServiceRole(this, `${name}-role`, {
      name,
      description: `infrabot CodeBuild ${action} of stack ${stack.name}`,
      service: 'codebuild.amazonaws.com',
      sourceAccount: props.accountId,
    });
    // No two projects share a cache: neither a plan and an apply, nor two stacks.
    const cacheLocation = `${props.bucketName}/${buildCachePrefix(name)}`;
    const policy = role.allow('build', buildStatements({ ...props, action, stack, name, logGroupArn: logGroup.arn }));
    const vpc = inputs.codebuild.vpc;
    const project = new CodebuildProject(this, name, {
      name,
      description: `infrabot: terraform ${action} of stack ${stack.name}`,
      serviceRole: role.arn,
      buildTimeout: model.buildTimeoutMinutes,
      queuedTimeout: inputs.codebuild.queuedTimeoutMinutes,
      source: source(model, action),
      artifacts: { type: 'NO_ARTIFACTS' },
      cache: { type: 'S3', location: cacheLocation },
      environment: environment(inputs, action, stack, props.bucketName),
      logsConfig: { cloudwatchLogs: { groupName: logGroup.name, status: 'ENABLED' } },
      vpcConfig: vpc ? { vpcId: vpc.vpcId, subnets: vpc.subnetIds, securityGroupIds: vpc.securityGroupIds } : undefined,
      dependsOn: [policy],
    });
    return { action, stack, name, project, role, logGroup };
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

function environment(inputs: DeployInputs, action: BuildAction, stack: StackConfig, bucketName: string) {
  const variables: Record<string, string> = {
    INFRABOT_ACTION: action,
    INFRABOT_STACK: stack.name,
    INFRABOT_PROVIDER: stack.provider,
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
  stack: StackConfig;
  /** The project's name. */
  name: string;
  logGroupArn: string;
}

/** The S3 cache of one project, `cache/<project>`: one stack's plans, or its applies. */
export function buildCachePrefix(projectName: string): string {
  return `${artifactPrefixes.cache}${projectName}`;
}

/**
 * What a build may do: assume its one stack role, use its own cache, log. Nothing on the job artifacts: a build
 * reads and writes exactly its own objects through the presigned URLs the dispatcher gives it. Nothing on
 * secrets either: provider credentials are read by the stack role, so each stack's role names its own.
 */
function buildStatements(props: StatementProps): PolicyStatement[] {
  const { model, bucketArn, action, stack } = props;
  const { inputs } = model;
  const statements: PolicyStatement[] = [
    allow('AssumeOwnStackRole', ['sts:AssumeRole'], [stack.roles[action]]),
    allow(
      'UseBuildCache',
      ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      [`${bucketArn}/${buildCachePrefix(props.name)}/*`],
    ),
    allow('LocateCacheBucket', ['s3:GetBucketAcl', 's3:GetBucketLocation'], [bucketArn]),
    writeLogs('WriteOwnLogs', props.logGroupArn),
  ];
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
