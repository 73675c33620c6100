import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Testing } from 'cdktf';
import { prepareApp, repoRoot } from '../../../terraform/app';
import { type DeployInputsFile, DeployInputsSchema } from '../../../terraform/inputs';
import { InfrabotStack } from '../../../terraform/stack';

/** The deployment test config: aws, google and github stacks, cdn and logs sections. */
export const fixtureConfig = resolve(repoRoot, 'test/fixtures/deploy/infrabot.yaml');

export type TerraformJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  terraform: Record<string, unknown>;
};

const bundleDirs = new Map<string, string>();

/**
 * A folder of stand-in bundles (`<name>/index.mjs`) carrying `configFile` as their infrabot.yaml, as
 * `npm run build` leaves them; one per configuration and test process.
 */
export function fakeBundles(configFile = fixtureConfig): string {
  const configPath = resolve(repoRoot, configFile);
  const known = bundleDirs.get(configPath);
  if (known) return known;
  const dir = mkdtempSync(join(tmpdir(), 'infrabot-bundles-'));
  bundleDirs.set(configPath, dir);
  for (const name of ['bot', 'dispatcher', 'notifier', 'selfservice-worker']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'index.mjs'), `export const handler = async () => '${name}';\n`);
    if (existsSync(configPath)) copyFileSync(configPath, join(dir, name, 'infrabot.yaml'));
  }
  return dir;
}

/** Synthesizes the stack in memory with these inputs (the fixture config and fake bundles by default). */
export function synthInfrabot(inputs: DeployInputsFile = {}): TerraformJson {
  const configPath = inputs.configPath ?? fixtureConfig;
  const parsed = DeployInputsSchema.parse({
    configPath,
    bundlesDir: fakeBundles(configPath),
    buildspecsDir: 'test/fixtures/deploy/no-buildspecs',
    ...inputs,
  });
  const prepared = prepareApp(parsed);
  const app = Testing.app();
  const stack = new InfrabotStack(app, 'infrabot', { model: prepared.model, bundles: prepared.bundles });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** The bodies of every resource of a type. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}

/** The one resource of a type whose `key` equals `value`; throws naming what was looked for otherwise. */
export function resourceWhere(json: TerraformJson, type: string, key: string, value: unknown): Record<string, unknown> {
  const matches = resourcesOf(json, type).filter((body) => body[key] === value);
  if (matches.length !== 1)
    throw new Error(`expected one ${type} with ${key} = ${String(value)}, found ${matches.length}`);
  return matches[0] as Record<string, unknown>;
}

/** The statements of the inline policy with this name. */
export function policyStatements(json: TerraformJson, policyName: string): Record<string, unknown>[] {
  const policy = resourceWhere(json, 'aws_iam_role_policy', 'name', policyName);
  return (JSON.parse(String(policy.policy)) as { Statement: Record<string, unknown>[] }).Statement;
}

/** The statement with this Sid in the inline policy with this name. */
export function statement(json: TerraformJson, policyName: string, sid: string): Record<string, unknown> {
  const found = policyStatements(json, policyName).find((candidate) => candidate.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${policyName}`);
  return found;
}

/** How the synthesized JSON refers to the account id (from the `aws_caller_identity` data source). */
export const accountRef = `\${data.aws_caller_identity.account.account_id}`;

/** Deployment inputs with every option turned on (VPC, connection, private image, KMS keys, example stack, Athena). */
export const everyOption = {
  codebuild: {
    vpc: { vpcId: 'vpc-0abc', subnetIds: ['subnet-0abc'], securityGroupIds: ['sg-0abc'] },
    sourceConnectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0b1c2d3e',
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/terraform-runner:1.11',
    imageRepositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/terraform-runner',
  },
  artifacts: { kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd' },
  secrets: { kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/5678abcd' },
  exampleStack: {
    stack: 'aws/prod/network',
    state: { bucket: 'team-terraform-state', key: 'aws/prod/network/terraform.tfstate' },
  },
  selfService: {
    athenaResultsLocation: 's3://athena-results/infrabot/',
    athenaDataLocations: ['s3://logs-bucket/rails/'],
  },
} satisfies DeployInputsFile;
