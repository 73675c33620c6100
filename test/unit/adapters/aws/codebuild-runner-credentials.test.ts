import { CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CodeBuildRunner } from '../../../../adapters/aws/codebuild-runner';
import { fakeSigner, signedUrl } from '../../../support/fake-signer';
import { runSpec, stack } from '../../../support/run-spec';

const codebuild = mockClient(CodeBuildClient);
const sha = '0123456789abcdef0123456789abcdef01234567';
const secret = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}`;
const wif = 'projects/1/locations/global/workloadIdentityPools/p/providers/q';

const stacks = {
  github: stack({
    name: 'github/org',
    dir: 'stacks/gh',
    provider: 'github',
    settings: {
      github: {
        owner: 'org',
        appId: 1,
        installationId: 2,
        privateKeySecret: { plan: secret('gh-read'), apply: secret('gh-write') },
      },
    },
  }),
  newrelic: stack({
    name: 'newrelic/alerts',
    dir: 'stacks/nr',
    provider: 'newrelic',
    settings: { newrelic: { accountId: 3, apiKeySecret: { plan: secret('nr-read'), apply: secret('nr-write') } } },
  }),
  google: stack({
    name: 'google/dns',
    dir: 'stacks/dns',
    provider: 'google',
    settings: {
      google: {
        workloadIdentityProvider: wif,
        serviceAccount: { plan: 'viewer@p.iam.gserviceaccount.com', apply: 'editor@p.iam.gserviceaccount.com' },
      },
    },
  }),
};

/** Each stack's own plan project, whose role may assume that stack's plan role only. */
const planProjects = {
  github: 'infrabot-plan-github-org-4b89661b',
  newrelic: 'infrabot-plan-newrelic-alerts-3eadf16f',
  google: 'infrabot-plan-google-dns-58d95abe',
} as const;

/** What each provider's plan build must be told, and nothing of the apply credential. */
const planCredentials = {
  github: [
    ['INFRABOT_GITHUB_OWNER', 'org'],
    ['INFRABOT_GITHUB_APP_ID', '1'],
    ['INFRABOT_GITHUB_INSTALLATION_ID', '2'],
    ['INFRABOT_GITHUB_KEY_SECRET', secret('gh-read')],
  ],
  newrelic: [
    ['INFRABOT_NEWRELIC_ACCOUNT_ID', '3'],
    ['INFRABOT_NEWRELIC_REGION', 'US'],
    ['INFRABOT_NEWRELIC_KEY_SECRET', secret('nr-read')],
  ],
  google: [
    ['INFRABOT_GOOGLE_WIF_PROVIDER', `//iam.googleapis.com/${wif}`],
    ['INFRABOT_GOOGLE_SERVICE_ACCOUNT', 'viewer@p.iam.gserviceaccount.com'],
  ],
} as const;

beforeEach(() => {
  codebuild.reset();
  codebuild.on(StartBuildCommand).resolves({ build: { id: 'infrabot-plan:1' } });
});

describe('CodeBuildRunner credentials', () => {
  it.each(['github', 'newrelic', 'google'] as const)(
    'names only plan credentials, in the stack’s own plan project, in a plan build’s StartBuild for a %s stack',
    async (provider) => {
      // Prepare
      const runner = new CodeBuildRunner({
        client: new CodeBuildClient({ region: 'eu-west-1' }),
        projectPrefix: 'infrabot',
        bucket: 'artifacts',
        sign: fakeSigner,
      });
      const config = stacks[provider];
      const spec = runSpec(config, { id: 'j-plan-1', sha });

      // Act
      await runner.start(spec);

      // Assess
      const variable = (name: string, value: string) => ({ name, value, type: 'PLAINTEXT' });
      expect(codebuild.commandCalls(StartBuildCommand)[0]?.args[0].input).toEqual({
        projectName: planProjects[provider],
        sourceVersion: sha,
        idempotencyToken: 'j-plan-1',
        environmentVariablesOverride: [
          variable('INFRABOT_JOB_ID', 'j-plan-1'),
          variable('INFRABOT_STACK', config.name),
          variable('INFRABOT_STACK_DIR', config.dir),
          variable('INFRABOT_PROVIDER', provider),
          variable('INFRABOT_ROLE_ARN', config.roles.plan),
          variable('INFRABOT_TF_BINARY', 'terraform'),
          variable('INFRABOT_ARTIFACTS', 's3://artifacts/jobs/j-plan-1'),
          variable('INFRABOT_SHA', sha),
          ...planCredentials[provider].map(([name, value]) => variable(name, value)),
          variable('INFRABOT_PUT_PLAN_JSON', signedUrl('jobs/j-plan-1/plan.json', 'PUT', 1860)),
          variable('INFRABOT_PUT_PLAN_TXT', signedUrl('jobs/j-plan-1/plan.txt', 'PUT', 1860)),
          variable('INFRABOT_PUT_TFPLAN', signedUrl('jobs/j-plan-1/tfplan', 'PUT', 1860)),
          variable('INFRABOT_PUT_LOG', signedUrl('jobs/j-plan-1/log.txt', 'PUT', 1860)),
        ],
        timeoutInMinutesOverride: 5,
      });
    },
  );
});
