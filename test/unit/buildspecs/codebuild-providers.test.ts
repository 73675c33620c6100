import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_ROLE, stack } from '../../support/run-spec';
import { commandLine } from '../../support/stand-ins';
import { runCodeBuild, SECRET } from './codebuild-harness';

const KEY_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infrabot/github-app-AbCdEf';
const NR_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infrabot/newrelic-AbCdEf';
const WIF = 'projects/123456789/locations/global/workloadIdentityPools/aws/providers/infrabot';

const google = stack({
  name: 'google/prod/dns',
  dir: 'stacks/dns',
  provider: 'google',
  settings: { google: { workloadIdentityProvider: WIF, serviceAccount: 'terraform@proj.iam.gserviceaccount.com' } },
});
const github = stack({
  name: 'github/org',
  dir: 'stacks/github',
  provider: 'github',
  settings: { github: { owner: 'example-org', appId: 12345, installationId: 67890, privateKeySecret: KEY_ARN } },
});
const newrelic = stack({
  name: 'newrelic/alerts',
  dir: 'stacks/newrelic',
  provider: 'newrelic',
  settings: { newrelic: { accountId: 4242, region: 'EU', apiKeySecret: NR_ARN } },
});

const terraformSteps = (dir: string) => [
  `terraform -chdir=${dir} init -input=false -no-color`,
  `terraform -chdir=${dir} plan -input=false -lock-timeout=5m -out=tfplan -detailed-exitcode -no-color`,
  `terraform -chdir=${dir} show -json tfplan`,
  `terraform -chdir=${dir} show -no-color tfplan`,
];

describe('buildspecs/plan.yml credentials per provider', () => {
  it('gives a google stack a workload identity federation credential built from the stack role', async () => {
    // Act
    const run = await runCodeBuild(google);

    // Assess
    expect(run.result).toEqual({ ok: true });
    expect(run.calls.map(commandLine)).toEqual([
      'aws configure export-credentials --profile stack --format env',
      ...terraformSteps('stacks/dns'),
    ]);
    const credentialFile = join(run.workDir, 'google-credentials.json');
    const credential = JSON.parse(readFileSync(credentialFile, 'utf8'));
    expect(credential).toEqual({
      type: 'external_account',
      audience: `//iam.googleapis.com/${WIF}`,
      subject_token_type: 'urn:ietf:params:aws:token-type:aws4_request',
      token_url: 'https://sts.googleapis.com/v1/token',
      service_account_impersonation_url:
        'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/terraform@proj.iam.gserviceaccount.com:generateAccessToken',
      credential_source: {
        environment_id: 'aws1',
        regional_cred_verification_url:
          'https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15',
      },
    });
    const plan = run.calls.find((call) => call.args[1] === 'plan');
    expect(plan?.env).toMatchObject({
      GOOGLE_APPLICATION_CREDENTIALS: credentialFile,
      HAS_AWS_ACCESS_KEY_ID: true,
      AWS_PROFILE: 'stack',
    });
    expect(readFileSync(join(run.workDir, 'aws-config'), 'utf8')).toContain(`role_arn = ${PLAN_ROLE}\n`);
  });

  it('gives a github stack the GitHub App key read from Secrets Manager by the stack role', async () => {
    // Act
    const run = await runCodeBuild(github);

    // Assess
    expect(run.result).toEqual({ ok: true });
    expect(run.calls.map(commandLine).slice(0, 5)).toEqual([
      `aws secretsmanager get-secret-value --profile stack --secret-id ${KEY_ARN} --query SecretString --output text`,
      ...terraformSteps('stacks/github'),
    ]);
    expect(run.calls.find((call) => call.args[1] === 'plan')?.env).toMatchObject({
      GITHUB_APP_PEM_FILE_IS_SECRET: true,
      GITHUB_OWNER: 'example-org',
      GITHUB_APP_ID: '12345',
      GITHUB_APP_INSTALLATION_ID: '67890',
      AWS_PROFILE: 'stack',
    });
  });

  it('gives a newrelic stack the API key read from Secrets Manager by the stack role, and the account', async () => {
    // Act
    const run = await runCodeBuild(newrelic);

    // Assess
    expect(run.result).toEqual({ ok: true });
    expect(run.calls.map(commandLine)[0]).toBe(
      `aws secretsmanager get-secret-value --profile stack --secret-id ${NR_ARN} --query SecretString --output text`,
    );
    expect(run.calls.find((call) => call.args[1] === 'plan')?.env).toMatchObject({
      NEW_RELIC_API_KEY_IS_SECRET: true,
      NEW_RELIC_ACCOUNT_ID: '4242',
      NEW_RELIC_REGION: 'EU',
    });
  });

  it('gives an aws stack no provider secret and no exported keys, only the stack profile', async () => {
    // Act
    const run = await runCodeBuild(stack({ name: 'aws/prod/net', dir: 'stacks/net' }));

    // Assess
    const plan = run.calls.find((call) => call.args[1] === 'plan');
    expect(plan?.env).toMatchObject({
      AWS_PROFILE: 'stack',
      HAS_AWS_ACCESS_KEY_ID: false,
      GOOGLE_APPLICATION_CREDENTIALS: null,
      GITHUB_APP_PEM_FILE_IS_SECRET: false,
      NEW_RELIC_API_KEY_IS_SECRET: false,
    });
    expect(run.calls.filter((call) => call.tool === 'aws')).toEqual([]);
  });

  it.each([
    ['google', google],
    ['github', github],
    ['newrelic', newrelic],
  ])('prints no secret value in the output or the uploaded log of a %s stack', async (_name, config) => {
    // Act
    const run = await runCodeBuild(config);

    // Assess
    expect(run.result).toEqual({ ok: true });
    expect(run.output).not.toContain(SECRET);
    expect(run.s3('jobs/j-cb-1/log.txt')).not.toContain(SECRET);
    expect(run.s3('jobs/j-cb-1/plan.txt')).not.toContain(SECRET);
  });

  it('fails the build when the stack role cannot read the provider secret, and runs no terraform', async () => {
    // Act
    const run = await runCodeBuild(github, { env: { STANDIN_EXIT_SECRETSMANAGER_GET_SECRET_VALUE: '254' } });

    // Assess
    expect(run.result).toMatchObject({ ok: false, aborted: false, phase: 'build' });
    expect(run.calls.filter((call) => call.tool === 'terraform')).toEqual([]);
    expect(run.s3('jobs/j-cb-1/log.txt')).toContain('AccessDenied');
    expect(run.output).not.toContain(SECRET);
  });
});
