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
    const spec = runSpec(stack({ name: 'aws/prod/net', dir: 'stacks/net' }), {
      id: 'j-2',
      sha,
      action: 'apply',
      planJobId: 'j-1',
    });

    // Act
    const env = jobEnvironment(spec, { artifacts: 's3://b/jobs/j-2', planArtifacts: 's3://b/jobs/j-1', planSha: sha });

    // Assess
    expect(env).toMatchObject({
      INFRABOT_ROLE_ARN: APPLY_ROLE,
      INFRABOT_PLAN_ARTIFACTS: 's3://b/jobs/j-1',
      INFRABOT_PLAN_SHA: sha,
    });
  });

  it('mirrors the provider settings, with the full workload identity provider name', () => {
    // Prepare
    const config = stack({
      name: 'multi',
      dir: 'stacks/multi',
      provider: 'google',
      settings: {
        google: { workloadIdentityProvider: 'projects/1/locations/global/workloadIdentityPools/p/providers/q' },
        github: {
          owner: 'org',
          appId: 1,
          installationId: '2',
          privateKeySecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh',
        },
        newrelic: { accountId: 3, apiKeySecret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nr' },
      },
    });

    // Act
    const env = jobEnvironment(runSpec(config, { id: 'j-3', sha }), { artifacts: '/tmp/j-3' });

    // Assess
    expect(env).toMatchObject({
      INFRABOT_PROVIDER: 'google',
      INFRABOT_GOOGLE_WIF_PROVIDER:
        '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q',
      INFRABOT_GITHUB_OWNER: 'org',
      INFRABOT_GITHUB_APP_ID: '1',
      INFRABOT_GITHUB_INSTALLATION_ID: '2',
      INFRABOT_GITHUB_KEY_SECRET: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh',
      INFRABOT_NEWRELIC_ACCOUNT_ID: '3',
      INFRABOT_NEWRELIC_REGION: 'US',
      INFRABOT_NEWRELIC_KEY_SECRET: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:nr',
    });
    expect(env.INFRABOT_GOOGLE_SERVICE_ACCOUNT).toBeUndefined();
  });
});
