import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { forAction } from '../../core/config/credentials';
import type { StackConfig } from '../../core/config/schema';
import type { DeployInputs } from '../inputs';
import type { BuildAction } from '../model';
import { allow, type PolicyStatement, policyDocument, trustRoles } from '../policy';
import type { BuildProjects } from './codebuild';

type ExampleStackInputs = NonNullable<DeployInputs['exampleStack']>;

export interface ExampleStackRolesProps {
  stack: StackConfig;
  projects: BuildProjects;
  example: ExampleStackInputs;
  region: string;
  accountId: string;
  /** infrabot's own bucket: every job's saved plans and the build caches. */
  artifactsBucketArn: string;
  /** infrabot's table: every job, lock, approval and audit line. */
  tableArn: string;
}

/** Splits `arn:aws:iam::<account>:role/<path>/<name>` into the role's path and name. */
export function roleNameOf(arn: string): { path: string; name: string } {
  const resource = arn.slice(arn.indexOf(':role/') + ':role/'.length);
  const parts = resource.split('/');
  const name = parts.pop() ?? resource;
  return { path: parts.length > 0 ? `/${parts.join('/')}/` : '/', name };
}

/**
 * The plan and apply roles of one stack, as an example to copy: each is named as in infrabot.yaml and trusts
 * exactly one principal, the service role of this stack's CodeBuild project of the same action (no other
 * stack's builds, and no plan build for the apply role). What a role may do in the
 * account is the attached managed policies (by default read-only for plan, nothing for apply until you add
 * what the stack manages); the plan role may also take and release the state lock, since `terraform plan`
 * locks the state, and write nothing else. Neither may touch infrabot's own bucket or read its builds, whatever
 * the managed policies allow. The roles must live in the account infrabot is deployed to.
 */
export class ExampleStackRoles extends Construct {
  readonly roles: Record<BuildAction, IamRole>;

  constructor(scope: Construct, id: string, props: ExampleStackRolesProps) {
    super(scope, id);
    this.roles = {
      plan: this.role(props, 'plan', props.example.planPolicyArns),
      apply: this.role(props, 'apply', props.example.applyPolicyArns),
    };
    const { name } = roleNameOf(props.stack.roles.plan);
    new IamRolePolicy(this, 'plan-state-lock', {
      name: `${name}-state-lock`,
      role: this.roles.plan.id,
      policy: policyDocument([stateLockStatement(props)]),
    });
    for (const action of ['plan', 'apply'] as const) {
      new IamRolePolicy(this, `${action}-infrabot-off-limits`, {
        name: `${roleNameOf(props.stack.roles[action]).name}-infrabot-off-limits`,
        role: this.roles[action].id,
        policy: policyDocument(offLimitsStatements(props)),
      });
    }
  }

  private role(props: ExampleStackRolesProps, action: BuildAction, policyArns: string[]): IamRole {
    const { stack, projects } = props;
    const project = projects.find(action, stack.name);
    if (!project) throw new Error(`no ${action} project for stack ${stack.name}`);
    const { path, name } = roleNameOf(stack.roles[action]);
    const role = new IamRole(this, action, {
      name,
      path,
      description: `infrabot ${action} role of stack ${stack.name}`,
      assumeRolePolicy: trustRoles([project.role.arn]),
      maxSessionDuration: 3600,
    });
    policyArns.forEach((policyArn, index) => {
      new IamRolePolicyAttachment(this, `${action}-policy-${index}`, { role: role.name, policyArn });
    });
    const secrets = providerSecrets(stack, action);
    if (secrets.length > 0) {
      new IamRolePolicy(this, `${action}-secrets`, {
        name: `${name}-provider-secrets`,
        role: role.id,
        policy: policyDocument([allow('ReadProviderSecrets', ['secretsmanager:GetSecretValue'], secrets)]),
      });
    }
    return role;
  }
}

/**
 * What a stack role may never do, as explicit denies that win over any managed policy (`ReadOnlyAccess`, the plan
 * role's default, allows each of them):
 * - read or write infrabot's bucket, where every job's saved plan and `plan.json` (with the stack's sensitive values
 *   in clear) lie;
 * - read infrabot's builds, whose environment holds the presigned URLs that write a running plan's `tfplan` and
 *   `plan.json`;
 * - read the logs of infrabot's builds, every other stack's plans and applies as Terraform printed them;
 * - read or write infrabot's table: every job with its summary, the locks, approvals and the audit trail.
 * A build reaches its own objects only through the URLs it is given, which act as the dispatcher; its log is
 * written by its project's role, never by the stack role.
 */
function offLimitsStatements({ artifactsBucketArn, tableArn, projects }: ExampleStackRolesProps): PolicyStatement[] {
  return [
    { Sid: 'NoInfrabotArtifacts', Effect: 'Deny', Action: ['s3:*'], Resource: [`${artifactsBucketArn}/*`] },
    {
      Sid: 'NoInfrabotBuildDetails',
      Effect: 'Deny',
      Action: ['codebuild:BatchGetBuilds'],
      Resource: projects.projectArnPatterns,
    },
    { Sid: 'NoInfrabotBuildLogs', Effect: 'Deny', Action: ['logs:*'], Resource: projects.logGroupArnPatterns },
    { Sid: 'NoInfrabotTable', Effect: 'Deny', Action: ['dynamodb:*'], Resource: [tableArn, `${tableArn}/*`] },
  ];
}

/**
 * Taking and releasing the lock of the stack's state, nothing more: the S3 lock file `<key>.tflock` (put with
 * If-None-Match, then deleted), or the lock item `<bucket>/<key>` of a DynamoDB lock table. Reading the state
 * and an existing lock is part of the read-only policy.
 */
function stateLockStatement({ example, region, accountId }: ExampleStackRolesProps): PolicyStatement {
  const { bucket, key, lockTable } = example.state;
  if (!lockTable) {
    return allow(
      'TakeAndReleaseStateLock',
      ['s3:PutObject', 's3:DeleteObject'],
      [`arn:aws:s3:::${bucket}/${key}.tflock`],
    );
  }
  const table = `arn:aws:dynamodb:${example.state.region ?? region}:${accountId}:table/${lockTable}`;
  return allow('TakeAndReleaseStateLock', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [table], {
    'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`${bucket}/${key}`] },
  });
}

/**
 * The provider secrets a role of `action` may read: only this stack's, and only that action's. A plan role
 * never reads the credential applies use, so a plan (which runs the code of any ref) cannot change the
 * provider's resources with it; and, since only this stack's builds may assume it, no other stack's plan reads
 * this stack's secrets.
 */
export function providerSecrets(stack: StackConfig, action: BuildAction): string[] {
  const settings = stack.settings ?? {};
  const secrets = [settings.github?.privateKeySecret, settings.newrelic?.apiKeySecret];
  return secrets.flatMap((secret) => (secret === undefined ? [] : [forAction(secret, action)]));
}
