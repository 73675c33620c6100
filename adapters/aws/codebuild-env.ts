import type { StackConfig } from '../../core/config/schema';
import type { RunSpec } from '../../core/ports';
import { artifactsUri } from './s3-artifacts';

/** One CodeBuild environment override. Never a secret value: secrets are named (by ARN), never passed. */
export interface BuildVariable {
  name: string;
  value: string;
  type: 'PLAINTEXT';
}

/** The plan an apply applies: where its files are and the commit it was made at. */
export interface PlanRef {
  jobId: string;
  sha: string;
}

/**
 * The environment the buildspecs read (the contract with buildspecs/plan.yml and apply.yml): the job, the
 * stack, the role Terraform runs under, the artifact prefixes, and the stack's provider settings.
 */
export function buildVariables(spec: RunSpec, bucket: string, plan: PlanRef | undefined): BuildVariable[] {
  const { job, stack } = spec;
  const values: [string, string | undefined][] = [
    ['INFRABOT_JOB_ID', job.id],
    ['INFRABOT_STACK', stack.name],
    ['INFRABOT_STACK_DIR', stack.dir],
    ['INFRABOT_PROVIDER', stack.provider],
    ['INFRABOT_ROLE_ARN', spec.roleArn],
    ['INFRABOT_TF_BINARY', spec.terraformBinary],
    ['INFRABOT_ARTIFACTS', artifactsUri(bucket, job.id)],
    ['INFRABOT_SHA', job.sha],
    ['INFRABOT_PLAN_ARTIFACTS', plan && artifactsUri(bucket, plan.jobId)],
    ['INFRABOT_PLAN_SHA', plan?.sha],
    ...providerSettings(stack),
  ];
  return values.flatMap(([name, value]) => (value === undefined ? [] : [{ name, value, type: 'PLAINTEXT' as const }]));
}

function providerSettings(stack: StackConfig): [string, string | undefined][] {
  const settings = stack.settings ?? {};
  switch (stack.provider) {
    case 'google':
      return [
        ['INFRABOT_GOOGLE_WIF_PROVIDER', settings.google?.workloadIdentityProvider],
        ['INFRABOT_GOOGLE_SERVICE_ACCOUNT', settings.google?.serviceAccount],
      ];
    case 'github':
      return [
        ['INFRABOT_GITHUB_OWNER', settings.github?.owner],
        ['INFRABOT_GITHUB_APP_ID', settings.github?.appId],
        ['INFRABOT_GITHUB_INSTALLATION_ID', settings.github?.installationId],
        ['INFRABOT_GITHUB_KEY_SECRET', settings.github?.privateKeySecret],
      ];
    case 'newrelic':
      return [
        ['INFRABOT_NEWRELIC_ACCOUNT_ID', settings.newrelic?.accountId],
        ['INFRABOT_NEWRELIC_REGION', settings.newrelic?.region],
        ['INFRABOT_NEWRELIC_KEY_SECRET', settings.newrelic?.apiKeySecret],
      ];
    default:
      return [];
  }
}
