import * as z from '../zod';
import { reportDependencyProblems } from './dependency-check';
import { DriftSchema } from './drift-schema';
import { defaultRisk, RiskSchema, StackRiskSchema } from './risk-schema';
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
export const StackNameSchema = z.string({ error: 'expected a stack name' }).check(
  z.regex(stackNamePattern, {
    error: 'expected a stack name of lowercase letters, digits and . _ / - (starting with a letter or digit)',
  }),
  z.refine((name) => !name.split('/').includes('..') && !name.includes('..'), {
    error: 'a stack name may not contain ".."',
  }),
  z.refine((name) => !name.endsWith('/') && !name.includes('//'), {
    error: 'a stack name may not end with "/" or contain an empty segment',
  }),
);

/** A directory relative to the Terraform repository's root that cannot escape it. */
export const RelativeDirSchema = z.pipe(
  z.string({ error: 'expected a directory relative to the repository root' }).check(
    z.minLength(1, { error: 'expected a directory relative to the repository root' }),
    z.refine((dir) => !dir.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(dir), {
      error: 'expected a relative directory, not an absolute path',
    }),
    z.refine((dir) => !dir.split(/[\\/]/).includes('..'), {
      error: 'expected a directory inside the repository; ".." is not allowed',
    }),
  ),
  z.transform((dir: string) => normalizeRelativeDir(dir)),
);

function normalizeRelativeDir(dir: string): string {
  const parts = dir.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

export const ProviderSchema = z.enum(['aws', 'google', 'github', 'newrelic'], {
  error: 'expected one of aws, google, github, newrelic',
});
export type Provider = z.infer<typeof ProviderSchema>;

export const RoleArnSchema = z.string({ error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)' }).check(
  z.regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, {
    error: 'expected an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
  }),
);

/** A GitHub login (`octocat`) or a team slug (`example-org/sre`). */
export const GitHubPrincipalSchema = z.string().check(
  z.regex(/^[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?$/, {
    error: 'expected a GitHub login (octocat) or a team slug (org/team)',
  }),
);

export const RequirementSchema = z.enum(['approved', 'mergeable'], {
  error: 'expected one of approved, mergeable',
});
export type Requirement = z.infer<typeof RequirementSchema>;

const SecretArnSchema = z.string().check(
  z.regex(/^arn:aws(-[a-z]+)*:(secretsmanager|ssm):[a-z0-9-]+:\d{12}:.+$/, {
    error: 'expected a Secrets Manager or SSM parameter ARN',
  }),
);

/** A credential setting: one value used by plans and applies alike, or `{ plan, apply }` (see credentials.ts). */
function perAction<T extends z.ZodMiniType>(inner: T) {
  return z.union([inner, z.strictObject({ plan: inner, apply: inner })]);
}

/** Per-provider settings the buildspecs need to give Terraform its credentials through the stack role. */
export const ProviderSettingsSchema = z.strictObject({
  google: z.optional(
    z.strictObject({
      workloadIdentityProvider: z.string().check(
        z.regex(
          /^(\/\/iam\.googleapis\.com\/)?projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/,
          {
            error: 'expected projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>',
          },
        ),
        z.describe('Full resource name of the workload identity pool provider that trusts the stack role.'),
      ),
      serviceAccount: z
        .optional(perAction(z.email()))
        .check(
          z.describe(
            'Service account to impersonate, when the pool does not grant access directly; { plan, apply } gives plans a read-only one.',
          ),
        ),
    }),
  ),
  github: z.optional(
    z.strictObject({
      owner: z.string().check(z.minLength(1), z.describe('The GitHub organization or user the provider manages.')),
      appId: z.pipe(z.union([z.string(), z.number()]), z.transform(String)).check(z.describe('The GitHub App id.')),
      installationId: z
        .pipe(z.union([z.string(), z.number()]), z.transform(String))
        .check(z.describe('The installation id of the GitHub App.')),
      privateKeySecret: perAction(SecretArnSchema).check(
        z.describe(
          'Secret holding the GitHub App private key, readable only by the stack role; { plan, apply } gives plans a read-only App.',
        ),
      ),
    }),
  ),
  newrelic: z.optional(
    z.strictObject({
      accountId: z
        .pipe(z.union([z.string(), z.number()]), z.transform(String))
        .check(z.describe('The New Relic account id.')),
      region: z._default(z.enum(['US', 'EU']), 'US'),
      apiKeySecret: perAction(SecretArnSchema).check(
        z.describe(
          'Secret holding the New Relic user API key, readable only by the stack role; { plan, apply } gives plans a read-only key.',
        ),
      ),
    }),
  ),
});

/** One person: their Slack user ID and their GitHub login. */
export const PersonSchema = z.strictObject({
  slack: z
    .string()
    .check(
      z.regex(/^[UW][A-Z0-9]{2,}$/, { error: 'expected a Slack user ID (U012ABCDEF)' }),
      z.describe('The Slack user ID.'),
    ),
  github: z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9-]+$/, { error: 'expected a GitHub login (octocat)' }),
      z.describe('The GitHub login of the same person.'),
    ),
});
export type Person = z.infer<typeof PersonSchema>;

export const StackSchema = z.strictObject({
  name: StackNameSchema.check(z.describe('Unique name, such as aws/prod/network.')),
  dir: RelativeDirSchema.check(z.describe('Root module directory, relative to the repository root.')),
  provider: ProviderSchema.check(z.describe('Which credentials the runner gives Terraform.')),
  roles: z.strictObject({
    plan: RoleArnSchema.check(z.describe('Read-only role that plans run under.')),
    apply: RoleArnSchema.check(z.describe('Role that applies run under.')),
  }),
  planners: z
    .optional(z.array(SlackPrincipalSchema))
    .check(
      z.describe(
        'Slack user IDs or @user-group handles allowed to plan from Slack; every full member of the workspace ' +
          '(never a guest) when absent.',
      ),
    ),
  appliers: z
    ._default(z.array(SlackPrincipalSchema), [])
    .check(z.describe('Slack user IDs or @user-group handles allowed to apply from Slack.')),
  githubAppliers: z
    .optional(z.array(GitHubPrincipalSchema))
    .check(z.describe('GitHub logins or org/team slugs that narrow who may apply from a PR.')),
  requirements: z
    ._default(z.array(RequirementSchema), [])
    .check(z.describe('Checked before an apply: approved (a review by someone else), mergeable.')),
  settings: z.optional(ProviderSettingsSchema).check(z.describe('Per-provider credential settings for the runner.')),
  risk: z.optional(StackRiskSchema).check(z.describe('How many approvals a flagged plan of this stack needs.')),
  dependsOn: z
    .optional(z.array(StackNameSchema))
    .check(
      z.describe(
        'Stacks this one reads from (their outputs, their resources): when one request applies several stacks, ' +
          'these are applied first, and this one is planned again before its apply.',
      ),
    ),
  applyOn: z
    .optional(z.enum(['comment', 'merge'], { error: 'expected comment or merge' }))
    .check(
      z.describe(
        "When a PR's plan is applied: on a /tf apply (comment), or when the PR merges (merge), after the merge " +
          "commit's plan is found to make the same changes. Default: comment.",
      ),
    ),
  drift: z
    .optional(z.boolean())
    .check(z.describe('false leaves this stack out of drift checks; every stack is checked otherwise.')),
});
export type StackConfig = z.infer<typeof StackSchema>;

export const ConfigSchema = z
  .strictObject({
    repository: z
      .string()
      .check(
        z.regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected owner/name of a GitHub repository' }),
        z.describe('The GitHub repository holding the Terraform code, as owner/name.'),
      ),
    defaultBranch: z
      ._default(z.string().check(z.minLength(1)), 'main')
      .check(z.describe('What plans use when no ref is given.')),
    terraform: z._default(
      z.strictObject({
        binary: z._default(z.enum(['terraform', 'tofu'], { error: 'expected terraform or tofu' }), 'terraform'),
      }),
      { binary: 'terraform' },
    ),
    admins: z
      ._default(z.array(SlackPrincipalSchema), [])
      .check(z.describe('Slack user IDs or @user-group handles who may unlock any stack and cancel any job.')),
    jobs: z.prefault(
      z.strictObject({
        maxPlanAge: z.prefault(DurationSchema, '24h').check(z.describe('How old the plan behind an apply may be.')),
        timeout: z.prefault(DurationSchema, '1h').check(z.describe('How long a job may run before it is stopped.')),
        stopGrace: z
          .prefault(DurationSchema, '5m')
          .check(
            z.describe(
              'How long Terraform gets, once interrupted (a stopped apply, a timeout, a shutdown), to finish what it ' +
                'is doing and write its state before it is killed.',
            ),
          ),
        concurrency: z
          ._default(z.int().check(z.gte(1), z.lte(64)), 4)
          .check(z.describe('How many jobs (of different stacks) the local runner runs at once.')),
      }),
      {},
    ),
    github: z._default(
      z.strictObject({
        autoplan: z
          ._default(z.boolean(), false)
          .check(z.describe('Plan the affected stacks when a PR is opened, pushed to or reopened.')),
        allowedWorkflows: z
          .optional(z.array(z.string()))
          .check(z.describe('Workflows (job_workflow_ref) whose OIDC tokens may request jobs; all when absent.')),
        allowedRefs: z
          .optional(z.array(z.string()))
          .check(
            z.describe(
              'Git refs whose OIDC tokens may request jobs; all when absent. A token of a pull-request ref ' +
                '(refs/pull/<n>/merge) may only plan PR <n>; one of any other ref may plan any PR, so list ' +
                'refs/pull/*/merge and only the branches trusted to do so.',
            ),
          ),
        comments: z
          ._default(
            z.enum(['auto', 'per-stack', 'combined'], { error: 'expected auto, per-stack or combined' }),
            'auto',
          )
          .check(
            z.describe(
              'How results reach a PR: a comment per stack (per-stack), one combined comment per action with ' +
                'each stack collapsed (combined), or per stack up to commentsPerStackMax stacks and combined ' +
                'above (auto).',
            ),
          ),
        commentsPerStackMax: z
          ._default(z.int().check(z.gte(1), z.lte(50)), 5)
          .check(z.describe('With comments: auto, the most stacks a PR may touch and still get a comment per stack.')),
        repositoryId: z
          .optional(z.int().check(z.positive()))
          .check(
            z.describe(
              'The numeric id of the repository (gh api repos/OWNER/NAME --jq .id). When set, OIDC tokens must ' +
                'carry it as their repository_id claim, so another repository that takes the configured name ' +
                '(after a rename or a deletion) cannot request jobs.',
            ),
          ),
      }),
      { autoplan: false, comments: 'auto', commentsPerStackMax: 5 },
    ),
    people: z
      ._default(z.array(PersonSchema), [])
      .check(
        z.describe(
          'Who is who on Slack and GitHub: an apply from Slack of a stack that requires approved needs the ' +
            "applier's GitHub login, so that their own approval does not count; nor does a Slack approval of a " +
            'flagged plan by whoever made it on GitHub.',
        ),
      ),
    stacks: z
      .array(StackSchema)
      .check(
        z.minLength(1, { error: 'expected at least one stack' }),
        z.describe('The Terraform root modules infrabot plans and applies.'),
      ),
    risk: z
      ._default(RiskSchema, defaultRisk)
      .check(z.describe('Risk flags found in plans, and the approvals a flagged apply needs (see docs/risk.md).')),
    cdn: z.optional(CdnSchema).check(z.describe('CloudFront invalidation from Slack (/cdn).')),
    logs: z.optional(LogsSchema).check(z.describe('Athena log lookups from Slack (/logs).')),
    drift: z
      .optional(DriftSchema)
      .check(z.describe('Drift checks of every stack, on a schedule and from /tf drift (see docs/drift.md).')),
  })
  .check(
    z.superRefine((config, ctx) => {
      reportDuplicateNames(config?.stacks, 'stack name', ['stacks'], ctx);
      reportDependencyProblems(config?.stacks, ctx);
      reportDuplicateNames(config?.people, 'Slack user', ['people'], ctx, 'slack');
      reportDuplicateNames(config?.people, 'GitHub login', ['people'], ctx, 'github');
    }, always),
  );

/** The validated configuration, with every default filled in. */
export type Config = z.infer<typeof ConfigSchema>;
/** The configuration as a user writes it. */
export type ConfigInput = z.input<typeof ConfigSchema>;
