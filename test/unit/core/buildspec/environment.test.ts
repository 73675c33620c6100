import { describe, expect, it } from 'vitest';
import { jobEnvironment } from '../../../../core/buildspec/environment';
import { APPLY_ROLE, PLAN_ROLE, runSpec, stack } from '../../../support/run-spec';

const sha = 'a'.repeat(40);

describe('jobEnvironment', () => {
  it('carries the job, stack, role, binary and artifact location of a plan', () => {
    // Prepare
    const spec = runSpec(stack({ name: 'aws/prod/net', dir: 'stacks/net' }), { id: 'j-1', sha });

    // Act
    const env = jobEnvironment(spec, { artifacts: 's3://bucket/jobs/j-1' });

    // Assess
    expect(env).toEqual({
      INFRABOT_JOB_ID: 'j-1',
      INFRABOT_STACK: 'aws/prod/net',
      INFRABOT_STACK_DIR: 'stacks/net',
      INFRABOT_PROVIDER: 'aws',
      INFRABOT_ROLE_ARN: PLAN_ROLE,
      INFRABOT_TF_BINARY: 'terraform',
      INFRABOT_ARTIFACTS: 's3://bucket/jobs/j-1',
      INFRABOT_SHA: sha,
    });
  });

  it('adds the plan job’s location and commit for an apply', () => {
    // Prepare
    const spec = runSpec(
      stack({ name: 'aws/prod/net', dir: 'stacks/net' }),
      {
        id: 'j-2',
        sha,
        action: 'apply',
        planJobId: 'j-1',
      },
      { plan: { jobId: 'j-1', sha, tfplanDigest: 'f'.repeat(64), changesDigest: 'c'.repeat(64) } },
    );

    // Act
    const env = jobEnvironment(spec, { artifacts: '/state/jobs/j-2', planArtifacts: '/state/jobs/j-1' });

    // Assess
    expect(env).toMatchObject({
      INFRABOT_ROLE_ARN: APPLY_ROLE,
      INFRABOT_PLAN_ARTIFACTS: '/state/jobs/j-1',
      INFRABOT_PLAN_SHA: sha,
      INFRABOT_PLAN_DIGEST: 'f'.repeat(64),
      INFRABOT_PLAN_CHANGES_DIGEST: 'c'.repeat(64),
    });
  });

  it('mirrors the settings of the stack’s own provider, with the full workload identity provider name', () => {
    // Prepare
    const config = stack({
      name: 'multi',
      dir: 'stacks/multi',
      provider: 'google',
      settings: {
        google: { workloadIdentityProvider: 'projects/1/locations/global/workloadIdentityPools/p/providers/q' },
        newrelic: { accountId: 3, apiKeySecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nr' },
      },
    });

    // Act
    const env = jobEnvironment(runSpec(config, { id: 'j-3', sha }), { artifacts: '/tmp/j-3' });

    // Assess
    expect(Object.keys(env).filter((name) => !coreNames.includes(name))).toEqual(['INFRABOT_GOOGLE_WIF_PROVIDER']);
    expect(env.INFRABOT_GOOGLE_WIF_PROVIDER).toBe(
      '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q',
    );
  });

  it.each([
    ['plan', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-read'],
    ['apply', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-write'],
  ] as const)('gives a %s build only the credential of its action', (action, secret) => {
    // Prepare
    const config = stack({
      name: 'github/org',
      dir: 'stacks/gh',
      provider: 'github',
      settings: {
        github: {
          owner: 'org',
          appId: 1,
          installationId: 2,
          privateKeySecret: {
            plan: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-read',
            apply: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-write',
          },
        },
      },
    });

    // Act
    const env = jobEnvironment(runSpec(config, { id: 'j-4', sha, action }), { artifacts: '/tmp/j-4' });

    // Assess
    expect(env.INFRABOT_GITHUB_KEY_SECRET).toBe(secret);
  });
});

const coreNames = [
  'INFRABOT_JOB_ID',
  'INFRABOT_STACK',
  'INFRABOT_STACK_DIR',
  'INFRABOT_PROVIDER',
  'INFRABOT_ROLE_ARN',
  'INFRABOT_TF_BINARY',
  'INFRABOT_ARTIFACTS',
  'INFRABOT_SHA',
];
