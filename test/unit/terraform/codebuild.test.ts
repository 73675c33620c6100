import { beforeAll, describe, expect, it } from 'vitest';
import {
  accountRef,
  policyStatements,
  resourcesOf,
  resourceWhere,
  statement,
  synthInfrabot,
  type TerraformJson,
} from './synth';

let json: TerraformJson;

const vpc = { vpcId: 'vpc-0abc', subnetIds: ['subnet-0aaa', 'subnet-0bbb'], securityGroupIds: ['sg-0abc'] };

beforeAll(() => {
  json = synthInfrabot({ codebuild: { vpc } });
});

const actions = (s: Record<string, unknown>) => s.Action as string[];
const project = (name: string) => resourceWhere(json, 'aws_codebuild_project', 'name', name);

describe('the CodeBuild projects', () => {
  it('has a plan and an apply project for each provider with stacks', () => {
    expect(resourcesOf(json, 'aws_codebuild_project').map((p) => p.name)).toEqual([
      'infrabot-apply-aws',
      'infrabot-apply-github',
      'infrabot-apply-google',
      'infrabot-plan-aws',
      'infrabot-plan-github',
      'infrabot-plan-google',
    ]);
  });

  it('builds the Terraform repository with the buildspec of its action', () => {
    expect(project('infrabot-plan-google').source).toEqual({
      type: 'GITHUB',
      location: 'https://github.com/example-org/terraform-live.git',
      buildspec: 'test/fixtures/deploy/no-buildspecs/plan.yml',
      report_build_status: false,
    });
    expect((project('infrabot-apply-aws').source as { buildspec: string }).buildspec).toBe(
      'test/fixtures/deploy/no-buildspecs/apply.yml',
    );
  });

  it('caches provider plugins in S3 per provider and action, times out, and is not privileged', () => {
    // Act
    const apply = project('infrabot-apply-github');

    // Assess
    expect(apply.cache).toEqual({
      type: 'S3',
      location: expect.stringMatching(/\.bucket\}\/cache\/github\/apply$/),
    });
    expect(project('infrabot-plan-github').cache).toEqual({
      type: 'S3',
      location: expect.stringMatching(/\.bucket\}\/cache\/github\/plan$/),
    });
    expect(apply.build_timeout).toBe(45);
    expect(apply.environment).toMatchObject({ privileged_mode: false, type: 'ARM_CONTAINER' });
    expect(apply.logs_config).toEqual({
      cloudwatch_logs: { group_name: expect.stringContaining('aws_cloudwatch_log_group.'), status: 'ENABLED' },
    });
  });

  it('runs inside the configured VPC', () => {
    expect(project('infrabot-plan-aws').vpc_config).toEqual({
      vpc_id: 'vpc-0abc',
      subnets: ['subnet-0aaa', 'subnet-0bbb'],
      security_group_ids: ['sg-0abc'],
    });
  });

  it('gives each project a log group with a retention', () => {
    expect(
      resourceWhere(json, 'aws_cloudwatch_log_group', 'name', '/aws/codebuild/infrabot-apply-aws').retention_in_days,
    ).toBe(30);
  });
});

describe('the CodeBuild roles', () => {
  it('may assume only the plan roles of their provider for plans', () => {
    expect(statement(json, 'infrabot-codebuild-plan-aws-build', 'AssumeStackRoles')).toMatchObject({
      Action: ['sts:AssumeRole'],
      Resource: ['arn:aws:iam::123456789012:role/infrabot/network-plan', 'arn:aws:iam::123456789012:role/app-dev-plan'],
    });
    expect(statement(json, 'infrabot-codebuild-plan-google-build', 'AssumeStackRoles').Resource).toEqual([
      'arn:aws:iam::123456789012:role/gcp-dns-plan',
    ]);
  });

  it('may assume only the apply roles of their provider for applies', () => {
    expect(statement(json, 'infrabot-codebuild-apply-aws-build', 'AssumeStackRoles').Resource).toEqual([
      'arn:aws:iam::123456789012:role/infrabot/network-apply',
      'arn:aws:iam::123456789012:role/app-dev-apply',
    ]);
  });

  it('grants no build role s3:PutObject or s3:GetObject on a resource shared by all jobs', () => {
    // Act: every S3 statement of every build role
    const buildRoles = resourcesOf(json, 'aws_iam_role')
      .map((role) => String(role.name))
      .filter((name) => name.startsWith('infrabot-codebuild-'));
    const s3Statements = buildRoles.flatMap((role) =>
      policyStatements(json, `${role}-build`).filter((s) => actions(s).some((action) => action.startsWith('s3:'))),
    );

    // Assess: only each project's own cache prefix, never jobs/ or the whole bucket
    expect(buildRoles).toHaveLength(6);
    const objectResources = s3Statements
      .filter((s) => actions(s).some((action) => action === 's3:PutObject' || action === 's3:GetObject'))
      .flatMap((s) => s.Resource as string[]);
    expect(objectResources).toHaveLength(6);
    for (const resource of objectResources) {
      expect(resource).toMatch(/\.arn\}\/cache\/(aws|github|google)\/(plan|apply)\/\*$/);
    }
  });

  it('uses only its own provider and action cache prefix', () => {
    expect(statement(json, 'infrabot-codebuild-plan-github-build', 'UseBuildCache').Resource).toEqual([
      expect.stringMatching(/\.arn\}\/cache\/github\/plan\/\*$/),
    ]);
  });

  it('attaches network interfaces only in the configured subnets, for CodeBuild', () => {
    expect(statement(json, 'infrabot-codebuild-plan-aws-build', 'AttachBuildNetworkInterfaces').Condition).toEqual({
      StringEquals: { 'ec2:AuthorizedService': 'codebuild.amazonaws.com' },
      ArnEquals: {
        'ec2:Subnet': [expect.stringMatching(/:subnet\/subnet-0aaa$/), expect.stringMatching(/:subnet\/subnet-0bbb$/)],
      },
    });
  });

  it('is assumable only by CodeBuild acting for this account', () => {
    // Act
    const role = resourceWhere(json, 'aws_iam_role', 'name', 'infrabot-codebuild-apply-aws');

    // Assess
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'codebuild.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': accountRef } },
      },
    ]);
  });
});

describe('without a VPC', () => {
  it("runs builds on CodeBuild's network with no EC2 permissions", () => {
    // Act
    const plain = synthInfrabot();
    const sids = policyStatements(plain, 'infrabot-codebuild-plan-aws-build').map((s) => s.Sid);

    // Assess
    expect(resourceWhere(plain, 'aws_codebuild_project', 'name', 'infrabot-plan-aws')).not.toHaveProperty('vpc_config');
    expect(sids).toEqual(['AssumeStackRoles', 'UseBuildCache', 'LocateCacheBucket', 'WriteOwnLogs']);
  });
});
