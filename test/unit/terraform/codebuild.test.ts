import { beforeAll, describe, expect, it } from 'vitest';
import { buildProjectName } from '../../../adapters/aws/build-project-name';
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

/** The fixture's stacks, their plan and apply roles, and the projects the deployment names for them. */
const stacks = [
  {
    name: 'aws/prod/network',
    plan: 'arn:aws:iam::123456789012:role/infrabot/network-plan',
    apply: 'arn:aws:iam::123456789012:role/infrabot/network-apply',
    key: 'aws-prod-network-92fa455e',
  },
  {
    name: 'aws/dev/app',
    plan: 'arn:aws:iam::123456789012:role/app-dev-plan',
    apply: 'arn:aws:iam::123456789012:role/app-dev-apply',
    key: 'aws-dev-app-dfc0f364',
  },
  {
    name: 'google/prod/dns',
    plan: 'arn:aws:iam::123456789012:role/gcp-dns-plan',
    apply: 'arn:aws:iam::123456789012:role/gcp-dns-apply',
    key: 'google-prod-dns-b036e789',
  },
  {
    name: 'github/org',
    plan: 'arn:aws:iam::123456789012:role/github-org-plan',
    apply: 'arn:aws:iam::123456789012:role/github-org-apply',
    key: 'github-org-4b89661b',
  },
] as const;
const buildsOf = stacks.flatMap((stack) =>
  (['plan', 'apply'] as const).map((action) => ({ stack, action, name: `infrabot-${action}-${stack.key}` })),
);
const buildRoleNames = () =>
  resourcesOf(json, 'aws_iam_role')
    .map((role) => String(role.name))
    .filter((name) => buildsOf.some((build) => build.name === name));

describe('the CodeBuild projects', () => {
  it('has its own plan and apply project for each stack, named after the stack', () => {
    expect(resourcesOf(json, 'aws_codebuild_project').map((p) => p.name)).toEqual(
      buildsOf.map((build) => build.name).sort(),
    );
    expect(buildsOf.map((build) => build.name)).toContain('infrabot-plan-aws-prod-network-92fa455e');
  });

  it('names each project as the dispatcher does, and tells the build its stack and action', () => {
    for (const { stack, action, name } of buildsOf) {
      expect(buildProjectName('infrabot', action, stack.name)).toBe(name);
      expect((project(name).environment as { environment_variable: unknown[] }).environment_variable).toEqual(
        expect.arrayContaining([
          { name: 'INFRABOT_ACTION', value: action, type: 'PLAINTEXT' },
          { name: 'INFRABOT_STACK', value: stack.name, type: 'PLAINTEXT' },
        ]),
      );
    }
  });

  it('builds the Terraform repository with the buildspec of its action', () => {
    expect(project('infrabot-plan-google-prod-dns-b036e789').source).toEqual({
      type: 'GITHUB',
      location: 'https://github.com/example-org/terraform-live.git',
      buildspec: 'test/fixtures/deploy/no-buildspecs/plan.yml',
      report_build_status: false,
    });
    expect((project('infrabot-apply-aws-prod-network-92fa455e').source as { buildspec: string }).buildspec).toBe(
      'test/fixtures/deploy/no-buildspecs/apply.yml',
    );
  });

  it('caches provider plugins in S3 per stack and action, times out, and is not privileged', () => {
    // Act
    const apply = project('infrabot-apply-github-org-4b89661b');

    // Assess
    expect(apply.cache).toEqual({
      type: 'S3',
      location: expect.stringMatching(/\.bucket\}\/cache\/infrabot-apply-github-org-4b89661b$/),
    });
    expect(project('infrabot-plan-github-org-4b89661b').cache).toEqual({
      type: 'S3',
      location: expect.stringMatching(/\.bucket\}\/cache\/infrabot-plan-github-org-4b89661b$/),
    });
    expect(apply.build_timeout).toBe(45);
    expect(apply.environment).toMatchObject({ privileged_mode: false, type: 'ARM_CONTAINER' });
    expect(apply.logs_config).toEqual({
      cloudwatch_logs: { group_name: expect.stringContaining('aws_cloudwatch_log_group.'), status: 'ENABLED' },
    });
  });

  it('shares no cache between two stacks, nor between a plan and an apply', () => {
    // Act
    const locations = resourcesOf(json, 'aws_codebuild_project').map((p) => (p.cache as { location: string }).location);

    // Assess
    expect(locations).toHaveLength(8);
    expect(new Set(locations).size).toBe(8);
    for (const location of locations) expect(location).toMatch(/\.bucket\}\/cache\/infrabot-(plan|apply)-[\w-]+$/);
  });

  it('runs inside the configured VPC', () => {
    expect(project('infrabot-plan-aws-dev-app-dfc0f364').vpc_config).toEqual({
      vpc_id: 'vpc-0abc',
      subnets: ['subnet-0aaa', 'subnet-0bbb'],
      security_group_ids: ['sg-0abc'],
    });
  });

  it('gives each project a log group with a retention', () => {
    expect(
      resourceWhere(json, 'aws_cloudwatch_log_group', 'name', '/aws/codebuild/infrabot-apply-aws-prod-network-92fa455e')
        .retention_in_days,
    ).toBe(30);
  });
});

describe('the CodeBuild roles', () => {
  it("lets a stack's plan project assume that stack's plan role and no other role", () => {
    for (const stack of stacks) {
      // Act
      const assumable = policyStatements(json, `infrabot-plan-${stack.key}-build`).filter((s) =>
        actions(s).includes('sts:AssumeRole'),
      );

      // Assess
      expect(assumable).toEqual([
        { Sid: 'AssumeOwnStackRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [stack.plan] },
      ]);
    }
  });

  it("cannot assume another stack's plan role of the same provider, such as prod's from a dev plan", () => {
    // Act
    const devPlan = JSON.stringify(policyStatements(json, 'infrabot-plan-aws-dev-app-dfc0f364-build'));

    // Assess
    expect(devPlan).toContain('arn:aws:iam::123456789012:role/app-dev-plan');
    expect(devPlan).not.toContain('network-plan');
    expect(devPlan).not.toContain('network-apply');
    expect(devPlan).not.toContain('app-dev-apply');
  });

  it("lets a stack's apply project assume that stack's apply role and no other role", () => {
    for (const stack of stacks) {
      expect(statement(json, `infrabot-apply-${stack.key}-build`, 'AssumeOwnStackRole').Resource).toEqual([
        stack.apply,
      ]);
    }
  });

  it('grants no build role anything on a secret: provider credentials are read as the stack role', () => {
    for (const role of buildRoleNames()) {
      expect(JSON.stringify(policyStatements(json, `${role}-build`))).not.toMatch(/secretsmanager|ssm:/);
    }
  });

  it('grants no build role s3:PutObject or s3:GetObject on a resource shared by all jobs', () => {
    // Act: every S3 statement of every build role
    const buildRoles = buildRoleNames();
    const s3Statements = buildRoles.flatMap((role) =>
      policyStatements(json, `${role}-build`).filter((s) => actions(s).some((action) => action.startsWith('s3:'))),
    );

    // Assess: only each project's own cache prefix, never jobs/ or the whole bucket
    expect(buildRoles).toHaveLength(8);
    const objectResources = s3Statements
      .filter((s) => actions(s).some((action) => action === 's3:PutObject' || action === 's3:GetObject'))
      .flatMap((s) => s.Resource as string[]);
    expect(objectResources).toHaveLength(8);
    for (const resource of objectResources) {
      expect(resource).toMatch(/\.arn\}\/cache\/infrabot-(plan|apply)-[\w-]+\/\*$/);
    }
  });

  it('uses only its own project cache prefix, which no other project uses', () => {
    // Act
    const caches = buildRoleNames().map((role) => statement(json, `${role}-build`, 'UseBuildCache').Resource);

    // Assess
    expect(statement(json, 'infrabot-plan-github-org-4b89661b-build', 'UseBuildCache').Resource).toEqual([
      expect.stringMatching(/\.arn\}\/cache\/infrabot-plan-github-org-4b89661b\/\*$/),
    ]);
    expect(new Set(caches.flat()).size).toBe(8);
  });

  it('attaches network interfaces only in the configured subnets, for CodeBuild', () => {
    expect(
      statement(json, 'infrabot-plan-aws-prod-network-92fa455e-build', 'AttachBuildNetworkInterfaces').Condition,
    ).toEqual({
      StringEquals: { 'ec2:AuthorizedService': 'codebuild.amazonaws.com' },
      ArnEquals: {
        'ec2:Subnet': [expect.stringMatching(/:subnet\/subnet-0aaa$/), expect.stringMatching(/:subnet\/subnet-0bbb$/)],
      },
    });
  });

  it('is assumable only by CodeBuild acting for this account', () => {
    // Act
    const role = resourceWhere(json, 'aws_iam_role', 'name', 'infrabot-apply-aws-prod-network-92fa455e');

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
    const sids = policyStatements(plain, 'infrabot-plan-aws-prod-network-92fa455e-build').map((s) => s.Sid);

    // Assess
    expect(
      resourceWhere(plain, 'aws_codebuild_project', 'name', 'infrabot-plan-aws-prod-network-92fa455e'),
    ).not.toHaveProperty('vpc_config');
    expect(sids).toEqual(['AssumeOwnStackRole', 'UseBuildCache', 'LocateCacheBucket', 'WriteOwnLogs']);
  });
});
