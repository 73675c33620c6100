import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputsFile, prepareApp, repoRoot, synthesizeInfrabot } from '../../../terraform/app';
import { DeployConfigError, readDeployConfig } from '../../../terraform/config-file';
import { DeployInputsSchema } from '../../../terraform/inputs';
import { fakeBundles, fixtureConfig, resourcesOf, type TerraformJson } from './synth';

const run = promisify(execFile);
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'infrabot-synth-'));
  tempDirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('synthesizeInfrabot', () => {
  let outdir: string;
  let stackFile: string;
  let warnings: string[];
  let json: TerraformJson;

  beforeAll(() => {
    outdir = tempDir();
    const inputs = DeployInputsSchema.parse({
      configPath: fixtureConfig,
      bundlesDir: fakeBundles(),
      buildspecsDir: 'test/fixtures/deploy/buildspecs',
      backend: { s3: { bucket: 'team-terraform-state' } },
      github: { appId: 42 },
      codebuild: { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/terraform-runner:1.11' },
      selfService: { athenaResultsLocation: 's3://athena-results/infrabot/' },
    });
    ({ stackFile, warnings } = synthesizeInfrabot(inputs, outdir));
    json = JSON.parse(readFileSync(stackFile, 'utf8')) as TerraformJson;
  });

  it('writes plain Terraform JSON under stacks/infrabot', () => {
    expect(stackFile).toBe(join(outdir, 'stacks', 'infrabot', 'cdk.tf.json'));
    expect(Object.keys(json.resource)).toContain('aws_lambda_function');
    expect(warnings).toEqual([]);
  });

  it('zips each bundle beside the stack where the functions point', () => {
    for (const fn of resourcesOf(json, 'aws_lambda_function')) {
      expect(existsSync(join(dirname(stackFile), String(fn.filename)))).toBe(true);
    }
  });

  it('inlines the buildspecs when they exist at synth time', () => {
    const plan = resourcesOf(json, 'aws_codebuild_project').find(
      (p) => p.name === 'infrabot-plan-aws-prod-network-92fa455e',
    );
    expect((plan?.source as { buildspec: string } | undefined)?.buildspec).toContain('fixture plan buildspec');
  });

  it('keeps the state in the S3 backend it is given, with a lock file', () => {
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'team-terraform-state',
        key: 'infrabot/terraform.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('synthesizes without a config or bundles, saying what is missing', () => {
    // Prepare
    const inputs = DeployInputsSchema.parse({
      configPath: 'test/fixtures/deploy/missing.yaml',
      bundlesDir: 'test/fixtures/deploy/no-bundles',
    });

    // Act
    const result = synthesizeInfrabot(inputs, tempDir());
    const bare = JSON.parse(readFileSync(result.stackFile, 'utf8')) as TerraformJson;

    // Assess
    expect(result.warnings).toEqual([
      expect.stringMatching(/^no test\/fixtures\/deploy\/missing\.yaml at .*: synthesizing without stacks/),
      'github.auth is "app" but github.appId is not set: set it in terraform/inputs.json, or set github.auth to "token" or "none"',
      expect.stringMatching(
        /^no bundle for bot, dispatcher, notifier under test\/fixtures\/deploy\/no-bundles: using stand-ins/,
      ),
    ]);
    expect(resourcesOf(bare, 'aws_codebuild_project')).toEqual([]);
    expect(bare.terraform.backend).toEqual({ local: { path: '../../../infrabot.tfstate' } });
  });
});

describe('prepareApp', () => {
  it('refuses bundles built with another configuration than configPath, naming both files', () => {
    // Prepare
    const otherConfig = resolve(repoRoot, 'infrabot.yaml');
    const inputs = DeployInputsSchema.parse({ configPath: fixtureConfig, bundlesDir: fakeBundles(otherConfig) });

    // Act
    const prepare = () => prepareApp(inputs);

    // Assess
    expect(prepare).toThrow(DeployConfigError);
    expect(prepare).toThrow(
      `the bundled configuration ${join(fakeBundles(otherConfig), 'bot', 'infrabot.yaml')} differs from configPath ${fixtureConfig}: run npm run build again`,
    );
  });

  it('refuses bundles without a configuration when configPath names one', () => {
    // Prepare
    const inputs = DeployInputsSchema.parse({
      configPath: fixtureConfig,
      bundlesDir: fakeBundles('test/fixtures/deploy/missing.yaml'),
    });

    // Act
    const prepare = () => prepareApp(inputs);

    // Assess
    expect(prepare).toThrow(/the bundle .*\/bot has no infrabot\.yaml, but configPath is .*infrabot\.yaml/);
  });
});

describe('loadInputsFile', () => {
  it('uses the defaults when there is no inputs file', () => {
    // Act
    const loaded = loadInputsFile(undefined, tempDir());

    // Assess
    expect(loaded).toMatchObject({ ok: true, inputs: { region: 'eu-west-1', namePrefix: 'infrabot' } });
  });

  it('names the field that is wrong and what was expected', () => {
    // Prepare
    const dir = tempDir();
    writeFileSync(join(dir, 'inputs.json'), JSON.stringify({ lambdas: { logRetentionDays: 10 }, region: 'Europe' }));

    // Act
    const loaded = loadInputsFile('inputs.json', dir);

    // Assess
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.error).toContain('region: expected an AWS region such as eu-west-1');
    expect(!loaded.ok && loaded.error).toContain(
      'lambdas.logRetentionDays: expected a CloudWatch Logs retention in days',
    );
  });

  it('says when the named file is missing or is not JSON', () => {
    // Prepare
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ region: ');

    // Act
    const missing = loadInputsFile('nowhere.json', dir);
    const broken = loadInputsFile('broken.json', dir);

    // Assess
    expect(missing).toEqual({
      ok: false,
      error: `no inputs file at ${join(dir, 'nowhere.json')}: fix INFRABOT_DEPLOY_INPUTS`,
    });
    expect(!broken.ok && broken.error).toMatch(/broken\.json is not valid JSON/);
  });
});

describe('readDeployConfig', () => {
  it('refuses an invalid infrabot.yaml, naming the field', () => {
    expect(() => readDeployConfig(repoRoot, 'test/fixtures/deploy/invalid-infrabot.yaml')).toThrow(DeployConfigError);
    expect(() => readDeployConfig(repoRoot, 'test/fixtures/deploy/invalid-infrabot.yaml')).toThrow(
      /stacks\.0\.roles\.plan: expected an IAM role ARN/,
    );
  });
});

describe('npm run synth', () => {
  it('writes the stack to CDKTF_OUTDIR without network or terraform', async () => {
    // Prepare
    const outdir = tempDir();
    const inputsFile = join(outdir, 'inputs.json');
    writeFileSync(inputsFile, JSON.stringify({ configPath: fixtureConfig, bundlesDir: fakeBundles() }));

    // Act
    const { stdout } = await run(process.execPath, ['bin/run-ts.mjs', 'terraform/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, CDKTF_OUTDIR: outdir, INFRABOT_DEPLOY_INPUTS: inputsFile },
    });

    // Assess
    expect(stdout).toContain(`wrote ${resolve(outdir, 'stacks/infrabot/cdk.tf.json')}`);
    expect(existsSync(join(outdir, 'stacks', 'infrabot', 'cdk.tf.json'))).toBe(true);
  });
});

describe('terraform/inputs.example.json', () => {
  it('is valid deployment input', () => {
    // Act
    const loaded = loadInputsFile('terraform/inputs.example.json');

    // Assess
    expect(loaded).toMatchObject({ ok: true, inputs: { github: { auth: 'app', appId: '123456' } } });
  });
});
