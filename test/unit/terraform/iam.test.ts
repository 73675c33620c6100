import { beforeAll, describe, expect, it } from 'vitest';
import { tablesIn } from '../../../terraform/constructs/self-service-policies';
import { checkSynthesizedPolicies, type WildcardAllowList } from './policy-checker';
import {
  accountRef,
  everyOption,
  policyStatements,
  resourcesOf,
  resourceWhere,
  statement,
  synthInfrabot,
  type TerraformJson,
} from './synth';

/** The only actions granted on "*", each because AWS offers no narrower resource for it. */
const wildcardAllowList: WildcardAllowList = {
  'ec2:CreateNetworkInterface': 'CodeBuild in a VPC: no resource-level permissions for the interface it creates',
  'ec2:DeleteNetworkInterface': 'CodeBuild in a VPC: the interface is created per build, its ARN is unknown',
  'ec2:DescribeNetworkInterfaces': 'Describe calls take no resource',
  'ec2:DescribeDhcpOptions': 'Describe calls take no resource',
  'ec2:DescribeSubnets': 'Describe calls take no resource',
  'ec2:DescribeSecurityGroups': 'Describe calls take no resource',
  'ec2:DescribeVpcs': 'Describe calls take no resource',
  'cloudfront:ListDistributions': 'no resource-level permissions for listing distributions',
  'ecr:GetAuthorizationToken': 'an account-wide registry token; the image itself is pulled from one repository',
};

let json: TerraformJson;

/** Every plan and apply project of the deployment, by its name prefix. */
const infrabotProjects = [
  `arn:aws:codebuild:eu-west-1:${accountRef}:project/infrabot-plan-*`,
  `arn:aws:codebuild:eu-west-1:${accountRef}:project/infrabot-apply-*`,
];

beforeAll(() => {
  json = synthInfrabot(everyOption);
});

describe('every policy in the deployment', () => {
  it('passes the policy checker with every option turned on', () => {
    // Act
    const result = checkSynthesizedPolicies(json, wildcardAllowList);

    // Assess
    expect(result.findings).toEqual([]);
    expect(result.documents).toBeGreaterThan(30);
  });

  it('passes the policy checker with the defaults and no config at all', () => {
    // Act
    const result = checkSynthesizedPolicies(
      synthInfrabot({ configPath: 'test/fixtures/deploy/missing.yaml' }),
      wildcardAllowList,
    );

    // Assess
    expect(result.findings).toEqual([]);
  });

  it('grants no iam:PassRole at all', () => {
    expect(JSON.stringify(json)).not.toMatch(/iam:PassRole/i);
  });
});

describe('the bot role', () => {
  it('may invoke only the dispatcher and the self-service worker, list distributions, stop builds, use the table and read its secrets', () => {
    // Act
    const statements = policyStatements(json, 'infrabot-bot-lambda-app');

    // Assess
    expect(statements.map((s) => s.Sid)).toEqual([
      'InvokeDispatcher',
      'InvokeSelfServiceWorker',
      'FindDistributions',
      'CancelInfrabotBuilds',
      'ReadWriteTable',
      'ReadOwnSecrets',
      'DecryptSecrets',
    ]);
    expect(statement(json, 'infrabot-bot-lambda-app', 'InvokeDispatcher')).toMatchObject({
      Action: ['lambda:InvokeFunction'],
      Resource: [expect.stringMatching(/^\$\{aws_lambda_function\.dispatcher_function_\w+\.arn\}$/)],
    });
    expect(statement(json, 'infrabot-bot-lambda-app', 'ReadOwnSecrets').Resource).toHaveLength(4);
  });
});

describe('the dispatcher role', () => {
  it("may start and stop builds of infrabot's plan and apply projects only, named by its prefix", () => {
    // Act
    const builds = statement(json, 'infrabot-dispatcher-lambda-app', 'RunInfrabotBuilds');

    // Assess
    expect(builds.Action).toEqual(['codebuild:StartBuild', 'codebuild:StopBuild']);
    expect(builds.Resource).toEqual(infrabotProjects);
  });

  it('reads only the secrets it needs to report a failed start', () => {
    expect(statement(json, 'infrabot-dispatcher-lambda-app', 'ReadOwnSecrets').Resource).toEqual([
      expect.stringContaining('slack_bot_token'),
      expect.stringContaining('github_app_private_key'),
    ]);
  });
});

describe('the notifier role', () => {
  it('may read job artifacts, use the table, read its secrets, read builds and invoke the dispatcher', () => {
    expect(policyStatements(json, 'infrabot-notifier-lambda-app').map((s) => s.Sid)).toEqual([
      'ReadJobArtifacts',
      'DecryptArtifacts',
      'ReadWriteTable',
      'ReadOwnSecrets',
      'DecryptSecrets',
      'ReadInfrabotBuilds',
      'InvokeDispatcher',
    ]);
    expect(statement(json, 'infrabot-notifier-lambda-app', 'InvokeDispatcher')).toMatchObject({
      Action: ['lambda:InvokeFunction'],
    });
    expect(statement(json, 'infrabot-notifier-lambda-app', 'ReadJobArtifacts')).toMatchObject({
      Action: ['s3:GetObject'],
      Resource: [expect.stringMatching(/\.arn\}\/jobs\/\*$/)],
    });
  });

  it("may only read builds, of exactly infrabot's plan and apply projects, for its sweep", () => {
    // Act
    const builds = statement(json, 'infrabot-notifier-lambda-app', 'ReadInfrabotBuilds');
    const dispatcherBuilds = statement(json, 'infrabot-dispatcher-lambda-app', 'RunInfrabotBuilds');

    // Assess
    expect(builds.Action).toEqual(['codebuild:BatchGetBuilds']);
    expect(builds.Resource).toEqual(dispatcherBuilds.Resource);
    expect(builds.Resource).toEqual(infrabotProjects);
    const notifierActions = policyStatements(json, 'infrabot-notifier-lambda-app').flatMap((s) => s.Action);
    expect(notifierActions.filter((action) => String(action).startsWith('codebuild:'))).toEqual([
      'codebuild:BatchGetBuilds',
    ]);
  });
});

describe('cloning through a CodeConnections connection', () => {
  it('authenticates the source with the connection, which only the CodeBuild roles may use', () => {
    // Prepare
    const connection = everyOption.codebuild.sourceConnectionArn;

    // Act
    const project = resourceWhere(json, 'aws_codebuild_project', 'name', 'infrabot-plan-aws-prod-network-92fa455e');

    // Assess
    expect((project.source as { auth: unknown }).auth).toEqual({ type: 'CODECONNECTIONS', resource: connection });
    expect(statement(json, 'infrabot-plan-aws-prod-network-92fa455e-build', 'CloneThroughConnection').Resource).toEqual(
      [connection],
    );
    expect(JSON.stringify(policyStatements(json, 'infrabot-dispatcher-lambda-app'))).not.toContain('codeconnections');
  });
});

describe('a private build image', () => {
  it('is pulled with the project role, from its repository only', () => {
    // Act
    const project = resourceWhere(json, 'aws_codebuild_project', 'name', 'infrabot-apply-google-prod-dns-b036e789');

    // Assess
    expect(project.environment).toMatchObject({
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/terraform-runner:1.11',
      image_pull_credentials_type: 'SERVICE_ROLE',
    });
    expect(statement(json, 'infrabot-apply-google-prod-dns-b036e789-build', 'PullBuildImage').Resource).toEqual([
      everyOption.codebuild.imageRepositoryArn,
    ]);
  });
});

describe('the example stack roles', () => {
  it("are named as in infrabot.yaml and trusted only by their own stack's project of the same action", () => {
    // Act
    const plan = resourceWhere(json, 'aws_iam_role', 'name', 'network-plan');
    const apply = resourceWhere(json, 'aws_iam_role', 'name', 'network-apply');

    // Assess
    expect(plan.path).toBe('/infrabot/');
    expect(JSON.parse(String(plan.assume_role_policy)).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: {
          AWS: [
            expect.stringMatching(/^\$\{aws_iam_role\.builds_infrabot-plan-aws-prod-network-92fa455e-role_\w+\.arn\}$/),
          ],
        },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect(JSON.parse(String(apply.assume_role_policy)).Statement[0].Principal.AWS).toEqual([
      expect.stringMatching(/^\$\{aws_iam_role\.builds_infrabot-apply-aws-prod-network-92fa455e-role_\w+\.arn\}$/),
    ]);
  });

  it("trusts no project of another stack of the provider: aws/dev/app's plan builds cannot assume it", () => {
    // Act
    const trusted = JSON.stringify(
      ['network-plan', 'network-apply'].map(
        (name) => resourceWhere(json, 'aws_iam_role', 'name', name).assume_role_policy,
      ),
    );

    // Assess
    expect(trusted).not.toContain('aws-dev-app');
    expect(trusted.match(/aws_iam_role\.builds_/g)).toHaveLength(2);
  });

  it('gives the plan role read-only access and the apply role nothing until you attach it', () => {
    expect(resourcesOf(json, 'aws_iam_role_policy_attachment')).toEqual([
      { role: expect.stringContaining('example-stack_plan'), policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
  });

  it("denies both roles every object of infrabot's bucket, the details and logs of infrabot's builds and its table, which ReadOnlyAccess grants", () => {
    // Prepare: ReadOnlyAccess allows s3:GetObject on every bucket, codebuild:BatchGetBuilds on every build (whose
    // environment holds the presigned URLs that write a running plan's tfplan and plan.json), logs:GetLogEvents on
    // every log group (every other stack's plans and applies) and dynamodb:Scan on every table (jobs, audit trail)
    const denied = (roleId: string) =>
      inlinePoliciesOf(json, roleId)
        .flatMap((name) => policyStatements(json, name))
        .filter((candidate) => candidate.Effect === 'Deny');

    // Act
    const byRole = ['example-stack_plan', 'example-stack_apply'].map(denied);

    // Assess
    for (const statements of byRole) {
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: expect.arrayContaining(['s3:*']),
            Resource: [expect.stringMatching(/^\$\{aws_s3_bucket\.[\w-]+\.arn\}\/\*$/)],
          }),
          expect.objectContaining({
            Action: expect.arrayContaining(['codebuild:BatchGetBuilds']),
            Resource: infrabotProjects,
          }),
          expect.objectContaining({
            Action: ['logs:*'],
            Resource: infrabotProjects.map((project) =>
              project.replace(':codebuild:', ':logs:').replace(':project/', ':log-group:/aws/codebuild/'),
            ),
          }),
          expect.objectContaining({
            Action: ['dynamodb:*'],
            Resource: [
              expect.stringMatching(/^\$\{aws_dynamodb_table\.[\w-]+\.arn\}$/),
              expect.stringMatching(/^\$\{aws_dynamodb_table\.[\w-]+\.arn\}\/\*$/),
            ],
          }),
        ]),
      );
    }
  });

  it('lets the plan role take and release the S3 lock file of the state, and write nothing else', () => {
    // Act
    const lock = policyStatements(json, 'network-plan-state-lock');

    // Assess
    expect(lock).toEqual([
      {
        Sid: 'TakeAndReleaseStateLock',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:DeleteObject'],
        Resource: ['arn:aws:s3:::team-terraform-state/aws/prod/network/terraform.tfstate.tflock'],
      },
    ]);
    expect(inlinePoliciesOf(json, 'example-stack_plan').sort()).toEqual([
      'network-plan-infrabot-off-limits',
      'network-plan-state-lock',
    ]);
    expect(inlinePoliciesOf(json, 'example-stack_apply')).toEqual(['network-apply-infrabot-off-limits']);
  });

  it('lets the plan role take and release only its own item of a DynamoDB lock table', () => {
    // Act
    const withTable = synthInfrabot({
      exampleStack: {
        stack: 'aws/prod/network',
        state: { bucket: 'team-terraform-state', key: 'network.tfstate', lockTable: 'terraform-locks' },
      },
    });

    // Assess
    expect(policyStatements(withTable, 'network-plan-state-lock')).toEqual([
      {
        Sid: 'TakeAndReleaseStateLock',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Resource: [`arn:aws:dynamodb:eu-west-1:${accountRef}:table/terraform-locks`],
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['team-terraform-state/network.tfstate'] },
        },
      },
    ]);
  });

  it('lets the plan role read only the plan credentials, and the apply role only the apply credentials', () => {
    // Act
    const github = synthInfrabot({
      exampleStack: { stack: 'github/org', state: { bucket: 'team-terraform-state', key: 'github/org.tfstate' } },
    });
    const policies = resourcesOf(github, 'aws_iam_role_policy').filter((policy) =>
      String(policy.name).endsWith('-provider-secrets'),
    );

    // Assess
    expect(policies.map((policy) => [policy.name, JSON.parse(String(policy.policy)).Statement[0].Resource])).toEqual([
      ['github-org-apply-provider-secrets', ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-app-write']],
      ['github-org-plan-provider-secrets', ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:github-app-read']],
    ]);
  });

  it('refuses a stack that infrabot.yaml does not name', () => {
    expect(() =>
      synthInfrabot({ exampleStack: { stack: 'aws/nowhere', state: { bucket: 'state', key: 'k' } } }),
    ).toThrow(/no stack "aws\/nowhere" in infrabot.yaml/);
  });
});

describe('the self-service worker role', () => {
  it('lets the worker invalidate the listed distributions only', () => {
    expect(statement(json, 'infrabot-selfservice-worker-lambda-cdn', 'InvalidateListedDistributions').Resource).toEqual(
      [
        `arn:aws:cloudfront::${accountRef}:distribution/E2QWRUHAPOMQZL`,
        `arn:aws:cloudfront::${accountRef}:distribution/E1ABCDEFGHIJKL`,
      ],
    );
  });

  it("limits the worker's queries to the workgroup, the presets tables and the results location", () => {
    const account = accountRef;
    expect(statement(json, 'infrabot-selfservice-worker-lambda-athena', 'QueryInWorkgroups').Resource).toEqual([
      `arn:aws:athena:eu-west-1:${account}:workgroup/infrabot`,
    ]);
    expect(statement(json, 'infrabot-selfservice-worker-lambda-athena', 'ReadPresetTables').Resource).toEqual([
      `arn:aws:glue:eu-west-1:${account}:catalog`,
      `arn:aws:glue:eu-west-1:${account}:database/logs`,
      `arn:aws:glue:eu-west-1:${account}:database/edge`,
      `arn:aws:glue:eu-west-1:${account}:table/logs/rails_logs`,
      `arn:aws:glue:eu-west-1:${account}:table/edge/requests`,
      `arn:aws:glue:eu-west-1:${account}:table/edge/origins`,
    ]);
    expect(statement(json, 'infrabot-selfservice-worker-lambda-athena', 'ResultsObjects').Resource).toEqual([
      'arn:aws:s3:::athena-results/infrabot/*',
    ]);
    expect(statement(json, 'infrabot-selfservice-worker-lambda-athena', 'Data0Objects')).toMatchObject({
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::logs-bucket/rails/*'],
    });
  });

  it('grants the worker no Athena access without a results location', () => {
    expect(resourcesOf(synthInfrabot(), 'aws_iam_role_policy').map((policy) => policy.name)).not.toContain(
      'infrabot-selfservice-worker-lambda-athena',
    );
  });
});

describe('tablesIn', () => {
  it('reads the tables after FROM and JOIN, without database or quotes', () => {
    expect(
      tablesIn('SELECT a FROM logs.rails_logs r JOIN "edge"."origins" o ON 1=1 WHERE x IN (SELECT y FROM other)'),
    ).toEqual(['rails_logs', 'origins', 'other']);
  });
});

/** The names of the inline policies on the role whose Terraform id contains `roleId`. */
function inlinePoliciesOf(json: TerraformJson, roleId: string): string[] {
  return resourcesOf(json, 'aws_iam_role_policy')
    .filter((policy) => String(policy.role).includes(roleId))
    .map((policy) => String(policy.name));
}
