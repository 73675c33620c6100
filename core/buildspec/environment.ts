import { forAction } from '../config/credentials';
import type { StackConfig } from '../config/schema';
import type { JobAction } from '../jobs/job';
import type { RunSpec } from '../ports';

/** Where a job's files live: `s3://bucket/jobs/<jobId>` on CodeBuild, a directory for the local runner. */
export interface JobLocations {
  /** The job's own artifact location. */
  artifacts: string;
  /** For an apply, locally: the directory of the plan job whose saved plan it applies. */
  planArtifacts?: string;
}

const WIF_PREFIX = '//iam.googleapis.com/';

/**
 * The environment variables both runners give the buildspecs for one job (CodeBuild as environment overrides).
 * Names are a contract with `buildspecs/*.yml` and docs/runners.md; provider settings appear only when the
 * stack's `settings` has them, and only the credentials of the job's action. For an apply, the plan's commit,
 * the SHA-256 its `tfplan` must have and the digest of its reviewed changes come from the job store (`spec.plan`), never from the plan's files.
 * Contains no secret: secrets are referenced by ARN and read inside the build.
 */
export function jobEnvironment(spec: RunSpec, locations: JobLocations): Record<string, string> {
  const env: Record<string, string> = {
    INFRABOT_JOB_ID: spec.job.id,
    INFRABOT_STACK: spec.stack.name,
    INFRABOT_STACK_DIR: spec.stack.dir,
    INFRABOT_PROVIDER: spec.stack.provider,
    INFRABOT_ROLE_ARN: spec.roleArn,
    INFRABOT_TF_BINARY: spec.terraformBinary,
    INFRABOT_ARTIFACTS: locations.artifacts,
    INFRABOT_SHA: spec.job.sha,
  };
  if (locations.planArtifacts !== undefined) env.INFRABOT_PLAN_ARTIFACTS = locations.planArtifacts;
  if (spec.plan !== undefined) {
    env.INFRABOT_PLAN_SHA = spec.plan.sha;
    env.INFRABOT_PLAN_DIGEST = spec.plan.tfplanDigest;
    env.INFRABOT_PLAN_CHANGES_DIGEST = spec.plan.changesDigest;
    if (spec.plan.planTextDigest !== undefined) env.INFRABOT_PLAN_TEXT_DIGEST = spec.plan.planTextDigest;
  }
  return { ...env, ...providerEnvironment(spec.stack, spec.job.action) };
}

/** The `INFRABOT_<PROVIDER>_*` variables of the stack's provider, with the credentials of `action`. */
export function providerEnvironment(stack: StackConfig, action: JobAction): Record<string, string> {
  const env: Record<string, string> = {};
  const google = stack.provider === 'google' ? stack.settings?.google : undefined;
  if (google !== undefined) {
    const provider = google.workloadIdentityProvider;
    env.INFRABOT_GOOGLE_WIF_PROVIDER = provider.startsWith(WIF_PREFIX) ? provider : `${WIF_PREFIX}${provider}`;
    if (google.serviceAccount !== undefined) {
      env.INFRABOT_GOOGLE_SERVICE_ACCOUNT = forAction(google.serviceAccount, action);
    }
  }
  const github = stack.provider === 'github' ? stack.settings?.github : undefined;
  if (github !== undefined) {
    env.INFRABOT_GITHUB_OWNER = github.owner;
    env.INFRABOT_GITHUB_APP_ID = github.appId;
    env.INFRABOT_GITHUB_INSTALLATION_ID = github.installationId;
    env.INFRABOT_GITHUB_KEY_SECRET = forAction(github.privateKeySecret, action);
  }
  const newrelic = stack.provider === 'newrelic' ? stack.settings?.newrelic : undefined;
  if (newrelic !== undefined) {
    env.INFRABOT_NEWRELIC_ACCOUNT_ID = newrelic.accountId;
    env.INFRABOT_NEWRELIC_REGION = newrelic.region;
    env.INFRABOT_NEWRELIC_KEY_SECRET = forAction(newrelic.apiKeySecret, action);
  }
  return env;
}
