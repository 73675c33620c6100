import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand, StopBuildCommand } from '@aws-sdk/client-codebuild';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodeBuildRunner } from '../../../../adapters/aws/codebuild-runner';
import type { StackConfig } from '../../../../core/config/schema';
import type { Job } from '../../../../core/jobs/job';
import { fakeSigner, signedUrl } from '../../../support/fake-signer';

const sha = '0123456789abcdef0123456789abcdef01234567';
const digest = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const planRole = 'arn:aws:iam::123456789012:role/infrabot-plan-network';
const applyRole = 'arn:aws:iam::123456789012:role/infrabot-apply-network';
const buildArn = 'arn:aws:codebuild:eu-west-1:123456789012:build/infrabot-plan:5c6c0b3e-1111-2222-3333-444455556666';
const codebuild = mockClient(CodeBuildClient);

const awsStack: StackConfig = {
  name: 'aws/prod/network',
  dir: 'stacks/aws/prod/network',
  provider: 'aws',
  roles: { plan: planRole, apply: applyRole },
  appliers: [],
  requirements: [],
};

const githubStack: StackConfig = {
  ...awsStack,
  name: 'github/org',
  dir: 'stacks/github/org',
  provider: 'github',
  settings: {
    github: {
      owner: 'example-org',
      appId: '12345',
      installationId: '67890',
      privateKeySecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infrabot/github-app-key',
    },
  },
};

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-lx2k3-ab12',
    action: 'plan',
    stack: 'aws/prod/network',
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    status: 'queued',
    createdAt: '2026-03-01T12:00:00.000Z',
    ...overrides,
  };
}

let runner: CodeBuildRunner;
const url = signedUrl;

beforeEach(() => {
  codebuild.reset();
  runner = new CodeBuildRunner({
    client: new CodeBuildClient({ region: 'eu-west-1' }),
    projectPrefix: 'infrabot',
    bucket: 'infrabot-artifacts',
    sign: fakeSigner,
  });
});

/**
 * The whole environment of an AWS stack's plan build: the job, the stack and its plan role, and the presigned
 * URLs of the job's own files, valid for `seconds`.
 */
function awsPlanVariables(jobId: string, stack: StackConfig, seconds: number) {
  const variable = (name: string, value: string) => ({ name, value, type: 'PLAINTEXT' });
  const put = (file: string) => url(`jobs/${jobId}/${file}`, 'PUT', seconds);
  return [
    variable('INFRABOT_JOB_ID', jobId),
    variable('INFRABOT_STACK', stack.name),
    variable('INFRABOT_STACK_DIR', stack.dir),
    variable('INFRABOT_PROVIDER', 'aws'),
    variable('INFRABOT_ROLE_ARN', stack.roles.plan),
    variable('INFRABOT_TF_BINARY', 'terraform'),
    variable('INFRABOT_ARTIFACTS', `s3://infrabot-artifacts/jobs/${jobId}`),
    variable('INFRABOT_SHA', sha),
    variable('INFRABOT_PUT_PLAN_JSON', put('plan.json')),
    variable('INFRABOT_PUT_PLAN_TXT', put('plan.txt')),
    variable('INFRABOT_PUT_TFPLAN', put('tfplan')),
    variable('INFRABOT_PUT_LOG', put('log.txt')),
  ];
}

describe('CodeBuildRunner', () => {
  it("starts a plan in the stack's own plan project with the commit, the job id as idempotency token and the buildspec environment", async () => {
    codebuild.on(StartBuildCommand).resolves({ build: { id: 'infrabot-plan:5c6c', arn: buildArn } });

    const ref = await runner.start({
      job: job(),
      stack: awsStack,
      terraformBinary: 'terraform',
      roleArn: planRole,
      timeoutMs: 3_600_000,
      stopGraceMs: 300_000,
    });

    expect(codebuild.commandCalls(StartBuildCommand)[0]?.args[0].input).toEqual({
      projectName: 'infrabot-plan-aws-prod-network-92fa455e',
      sourceVersion: sha,
      idempotencyToken: 'j-lx2k3-ab12',
      environmentVariablesOverride: awsPlanVariables('j-lx2k3-ab12', awsStack, 5400),
      timeoutInMinutesOverride: 60,
    });
    expect(ref).toEqual({
      id: 'infrabot-plan:5c6c',
      logUrl:
        'https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/infrabot-plan/build/infrabot-plan%3A5c6c0b3e-1111-2222-3333-444455556666/log?region=eu-west-1',
    });
  });

  it("starts an apply in the stack's own apply project with the plan it applies, its digest and the provider settings", async () => {
    codebuild.on(StartBuildCommand).resolves({
      build: { id: 'infrabot-apply-github:1', logs: { deepLink: 'https://console.example/log' } },
    });

    const ref = await runner.start({
      job: job({ id: 'j-apply-1', action: 'apply', stack: 'github/org', planJobId: 'j-plan-1' }),
      stack: githubStack,
      terraformBinary: 'tofu',
      roleArn: applyRole,
      timeoutMs: 60_000,
      stopGraceMs: 300_000,
      plan: { jobId: 'j-plan-1', sha, tfplanDigest: digest, changesDigest: 'c'.repeat(64) },
    });

    expect(codebuild.commandCalls(StartBuildCommand)[0]?.args[0].input).toEqual({
      projectName: 'infrabot-apply-github-org-4b89661b',
      sourceVersion: sha,
      idempotencyToken: 'j-apply-1',
      environmentVariablesOverride: [
        { name: 'INFRABOT_JOB_ID', value: 'j-apply-1', type: 'PLAINTEXT' },
        { name: 'INFRABOT_STACK', value: 'github/org', type: 'PLAINTEXT' },
        { name: 'INFRABOT_STACK_DIR', value: 'stacks/github/org', type: 'PLAINTEXT' },
        { name: 'INFRABOT_PROVIDER', value: 'github', type: 'PLAINTEXT' },
        { name: 'INFRABOT_ROLE_ARN', value: applyRole, type: 'PLAINTEXT' },
        { name: 'INFRABOT_TF_BINARY', value: 'tofu', type: 'PLAINTEXT' },
        { name: 'INFRABOT_ARTIFACTS', value: 's3://infrabot-artifacts/jobs/j-apply-1', type: 'PLAINTEXT' },
        { name: 'INFRABOT_SHA', value: sha, type: 'PLAINTEXT' },
        { name: 'INFRABOT_PLAN_SHA', value: sha, type: 'PLAINTEXT' },
        { name: 'INFRABOT_PLAN_DIGEST', value: digest, type: 'PLAINTEXT' },
        { name: 'INFRABOT_PLAN_CHANGES_DIGEST', value: 'c'.repeat(64), type: 'PLAINTEXT' },
        { name: 'INFRABOT_GITHUB_OWNER', value: 'example-org', type: 'PLAINTEXT' },
        { name: 'INFRABOT_GITHUB_APP_ID', value: '12345', type: 'PLAINTEXT' },
        { name: 'INFRABOT_GITHUB_INSTALLATION_ID', value: '67890', type: 'PLAINTEXT' },
        {
          name: 'INFRABOT_GITHUB_KEY_SECRET',
          value: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:infrabot/github-app-key',
          type: 'PLAINTEXT',
        },
        { name: 'INFRABOT_PUT_LOG', value: url('jobs/j-apply-1/log.txt', 'PUT', 1860), type: 'PLAINTEXT' },
        { name: 'INFRABOT_GET_PLAN', value: url('jobs/j-plan-1/tfplan', 'GET', 1860), type: 'PLAINTEXT' },
      ],
      timeoutInMinutesOverride: 5,
    });
    expect(ref).toEqual({ id: 'infrabot-apply-github:1', logUrl: 'https://console.example/log' });
  });

  it("starts a dev stack's plan in the dev stack's own project under its own plan role, never in prod's", async () => {
    // Prepare: two stacks of one provider
    const devRole = 'arn:aws:iam::123456789012:role/app-dev-plan';
    const devStack: StackConfig = {
      ...awsStack,
      name: 'aws/dev/app',
      dir: 'stacks/aws/dev/app',
      roles: { plan: devRole, apply: 'arn:aws:iam::123456789012:role/app-dev-apply' },
    };
    codebuild.on(StartBuildCommand).resolves({ build: { id: 'infrabot-plan-aws-dev-app-dfc0f364:1' } });

    // Act
    await runner.start({
      job: job({ id: 'j-dev-1', stack: 'aws/dev/app' }),
      stack: devStack,
      terraformBinary: 'terraform',
      roleArn: devRole,
      timeoutMs: 600_000,
      stopGraceMs: 300_000,
    });
    await runner.start({
      job: job(),
      stack: awsStack,
      terraformBinary: 'terraform',
      roleArn: planRole,
      timeoutMs: 1,
      stopGraceMs: 300_000,
    });

    // Assess
    const [dev, prod] = codebuild.commandCalls(StartBuildCommand).map((call) => call.args[0].input);
    expect(dev).toEqual({
      projectName: 'infrabot-plan-aws-dev-app-dfc0f364',
      sourceVersion: sha,
      idempotencyToken: 'j-dev-1',
      environmentVariablesOverride: awsPlanVariables('j-dev-1', devStack, 2400),
      timeoutInMinutesOverride: 10,
    });
    expect(prod?.projectName).toBe('infrabot-plan-aws-prod-network-92fa455e');
  });

  it('refuses to start an apply that names no plan, without calling CodeBuild', async () => {
    const start = runner.start({
      job: job({ id: 'j-gone', action: 'apply', planJobId: 'j-gone' }),
      stack: awsStack,
      terraformBinary: 'terraform',
      roleArn: applyRole,
      timeoutMs: 60_000,
      stopGraceMs: 300_000,
    });

    await expect(start).rejects.toMatchObject({ code: 'codebuild_failed', message: expect.stringContaining('j-gone') });
    expect(codebuild.commandCalls(StartBuildCommand)).toHaveLength(0);
  });

  it('refuses to start a build when it was made without a project prefix, as the bot makes it', async () => {
    const stopOnly = new CodeBuildRunner({ client: new CodeBuildClient({ region: 'eu-west-1' }) });

    const start = stopOnly.start({
      job: job(),
      stack: awsStack,
      terraformBinary: 'terraform',
      roleArn: planRole,
      timeoutMs: 1,
      stopGraceMs: 300_000,
    });

    await expect(start).rejects.toMatchObject({ code: 'codebuild_failed' });
    expect(codebuild.commandCalls(StartBuildCommand)).toHaveLength(0);
  });

  it('reads a build status through BatchGetBuilds', async () => {
    codebuild
      .on(BatchGetBuildsCommand, { ids: ['b:1'] })
      .resolves({ builds: [{ id: 'b:1', buildStatus: 'IN_PROGRESS' }] })
      .on(BatchGetBuildsCommand, { ids: ['b:2'] })
      .resolves({ builds: [{ id: 'b:2', buildStatus: 'TIMED_OUT' }] })
      .on(BatchGetBuildsCommand, { ids: ['b:3'] })
      .resolves({ builds: [], buildsNotFound: ['b:3'] });

    expect(await runner.status('b:1')).toEqual({ state: 'running' });
    expect(await runner.status('b:2')).toEqual({ state: 'finished', result: 'timed_out' });
    await expect(runner.status('b:3')).rejects.toMatchObject({ code: 'codebuild_failed' });
  });

  it('stops a build and wraps a CodeBuild error with what it was doing', async () => {
    codebuild
      .on(StopBuildCommand, { id: 'b:1' })
      .resolves({})
      .on(StopBuildCommand, { id: 'b:9' })
      .rejects(new Error('boom'));

    await runner.cancel('b:1', 'stopped by an admin');

    expect(codebuild.commandCalls(StopBuildCommand)[0]?.args[0].input).toEqual({ id: 'b:1' });
    await expect(runner.cancel('b:9', 'stopped by an admin')).rejects.toMatchObject({
      name: 'AwsAdapterError',
      code: 'codebuild_failed',
      message: 'stopping codebuild build b:9',
    });
  });
});
