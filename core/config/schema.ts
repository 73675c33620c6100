import { z } from 'zod';
import { CdnSchema, LogsSchema } from './self-service-schema';
import { always, DurationSchema, reportDuplicateNames, SlackPrincipalSchema } from './shared-schemas';

export * from './self-service-schema';
export { DurationSchema, SlackPrincipalSchema } from './shared-schemas';

/**
 * The schema of `infrabot.yaml`. Every section a later feature needs slots in as an optional,
 * defaulted object so that a minimal file (repository + stacks) stays valid.
 */

const stackNamePattern = /^[a-z0-9][a-z0-9._/-]*$/;

/** A stack's unique name, such as `aws/prod/network`. */
export const StackNameSchema = z
  .string({ error: 'expected a stack name' })
  .regex(stackNamePattern, {
    error: 'expected a stack name of lowercase letters, digits and . _ / - (starting with a letter or digit)',
  })
  .refine((name) => !name.split('/').includes('..') && !name.includes('..'), {
    error: 'a stack name may not contain ".."',
  })
  .refine((name) => !name.endsWith('/') && !name.includes('//'), {
    error: 'a stack name may not end with "/" or contain an empty segment',
  });

/** A directory relative to the Terraform repository's root that cannot escape it. */
export const RelativeDirSchema = z
  .string({ error: 'expected a directory relative to the repository root' })
  .min(1, { error: 'expected a directory relative to the repository root' })
  .refine((dir) => !dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir), {
    error: 'expected a relative directory, not an absolute path',
  })
  .refine((dir) => !dir.split(/[\\/]/).includes('..'), {
    error: 'expected a directory inside the repository; ".." is not allowed',
  })
  .transform((dir) => normalizeRelativeDir(dir));

function normalizeRelativeDir(dir: string): string {
  const parts = dir.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

export const ProviderSchema = z.enum(['aws', 'google', 'github', 'newrelic'], {
  error: 'expected one of aws, google, github, newrelic',
});
export type Provider = z.infer<typeof ProviderSchema>;

export const RoleArnSchema = z
  .string({ error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)' })
  .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
    error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
  });

/** A GitHub login (`octocat`) or a team slug (`example-org/sre`). */
export const GitHubPrincipalSchema = z.string().regex(/^[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?$/, {
  error: 'expected a GitHub login (octocat) or a team slug (org/team)',
});

export const RequirementSchema = z.enum(['approved', 'mergeable'], {
  error: 'expected one of approved, mergeable',
});
export type Requirement = z.infer<typeof RequirementSchema>;

const SecretArnSchema = z.string().regex(/^arn:aws(-[a-z]+)*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:.+$/, {
  error: 'expected a Secrets Manager or SSM parameter ARN',
});

/** Per-provider settings the buildspecs need to give Terraform its credentials through the stack role. */
export const ProviderSettingsSchema = z
  .object({
    google: z
      .object({
        workloadIdentityProvider: z
          .string()
          .regex(
            /^(\/\/iam\.googleapis\.com\/)?projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/,
            {
              error: 'expected projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>',
            },
          )
          .describe('Full resource name of the workload identity pool provider that trusts the stack role.'),
        serviceAccount: z
          .email()
          .optional()
          .describe('Service account to impersonate, when the pool does not grant access directly.'),
      })
      .strict()
      .optional(),
    github: z
      .object({
        owner: z.string().min(1).describe('The GitHub organization or user the provider manages.'),
        appId: z.union([z.string(), z.number()]).transform(String).describe('The GitHub App id.'),
        installationId: z
          .union([z.string(), z.number()])
          .transform(String)
          .describe('The installation id of the GitHub App.'),
        privateKeySecret: SecretArnSchema.describe(
          'Secret holding the GitHub App private key, readable only by the stack role.',
        ),
      })
      .strict()
      .optional(),
    newrelic: z
      .object({
        accountId: z.union([z.string(), z.number()]).transform(String).describe('The New Relic account id.'),
        region: z.enum(['US', 'EU']).default('US'),
        apiKeySecret: SecretArnSchema.describe(
          'Secret holding the New Relic user API key, readable only by the stack role.',
        ),
      })
      .strict()
      .optional(),
  })
  .strict();

export const StackSchema = z
  .object({
    name: StackNameSchema.describe('Unique name, such as aws/prod/network.'),
    dir: RelativeDirSchema.describe('Root module directory, relative to the repository root.'),
    provider: ProviderSchema.describe('Which credentials the runner gives Terraform.'),
    roles: z
      .object({
        plan: RoleArnSchema.describe('Read-only role that plans run under.'),
        apply: RoleArnSchema.describe('Role that applies run under.'),
      })
      .strict(),
    appliers: z
      .array(SlackPrincipalSchema)
      .default([])
      .describe('Slack user IDs or @user-group handles allowed to apply from Slack.'),
    githubAppliers: z
      .array(GitHubPrincipalSchema)
      .optional()
      .describe('GitHub logins or org/team slugs that narrow who may apply from a PR.'),
    requirements: z
      .array(RequirementSchema)
      .default([])
      .describe('Checked before an apply: approved (a review by someone else), mergeable.'),
    settings: ProviderSettingsSchema.optional().describe('Per-provider credential settings for the runner.'),
  })
  .strict();
export type StackConfig = z.infer<typeof StackSchema>;

export const ConfigSchema = z
  .object({
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/name of a GitHub repository' })
      .describe('The GitHub repository holding the Terraform code, as owner/name.'),
    defaultBranch: z.string().min(1).default('main').describe('What plans use when no ref is given.'),
    terraform: z
      .object({
        binary: z.enum(['terraform', 'tofu'], { error: 'expected terraform or tofu' }).default('terraform'),
      })
      .strict()
      .default({ binary: 'terraform' }),
    admins: z
      .array(SlackPrincipalSchema)
      .default([])
      .describe('Slack user IDs or @user-group handles who may unlock any stack and cancel any job.'),
    jobs: z
      .object({
        maxPlanAge: DurationSchema.prefault('24h').describe('How old the plan behind an apply may be.'),
        timeout: DurationSchema.prefault('1h').describe('How long a job may run before it is stopped.'),
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(4)
          .describe('How many jobs (of different stacks) the local runner runs at once.'),
      })
      .strict()
      .prefault({}),
    github: z
      .object({
        autoplan: z
          .boolean()
          .default(false)
          .describe('Plan the affected stacks when a PR is opened, pushed to or reopened.'),
        allowedWorkflows: z
          .array(z.string())
          .optional()
          .describe('Workflows (job_workflow_ref) whose OIDC tokens may request jobs; all when absent.'),
        allowedRefs: z
          .array(z.string())
          .optional()
          .describe('Git refs whose OIDC tokens may request jobs; all when absent.'),
      })
      .strict()
      .default({ autoplan: false }),
    stacks: z
      .array(StackSchema)
      .min(1, { error: 'expected at least one stack' })
      .describe('The Terraform root modules infrabot plans and applies.'),
    cdn: CdnSchema.optional().describe('CloudFront invalidation from Slack (/cdn).'),
    logs: LogsSchema.optional().describe('Athena log lookups from Slack (/logs).'),
  })
  .strict()
  .superRefine((config, ctx) => reportDuplicateNames(config?.stacks, 'stack name', ['stacks'], ctx), always);

/** The validated configuration, with every default filled in. */
export type Config = z.infer<typeof ConfigSchema>;
/** The configuration as a user writes it. */
export type ConfigInput = z.input<typeof ConfigSchema>;
