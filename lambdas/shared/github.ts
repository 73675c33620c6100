import type { SecretReader } from '../../adapters/aws/secrets';
import type { GitHubConnection } from '../../adapters/github/connect';
import type { Config } from '../../core/config/schema';
import type { BudgetStore, JobReporter, JobStore, LeaseStore } from '../../core/ports';

type Env = Readonly<Record<string, string | undefined>>;

/** The GitHub secrets, read like every secret: the plain variable, else the store `<NAME>_FROM` points at. */
const githubSecrets = ['GITHUB_TOKEN', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_WEBHOOK_SECRET'] as const;

/** Whether GitHub is configured at all, so that its client is loaded only then. */
export function githubConfigured(env: Env): boolean {
  return githubSecrets.some((name) => Boolean(env[name] || env[`${name}_FROM`]));
}

/**
 * Connects to GitHub for the configured repository (a GitHub App or a token), with its secrets read from
 * Secrets Manager or SSM; undefined when GitHub is not configured. The GitHub client loads only then. Writes
 * are counted in the store's shared budget: Lambda invocations write at once, and GitHub's limits count them all.
 */
export async function connectGitHubFromEnv(
  env: Env,
  secrets: SecretReader,
  repository: string,
  budget: BudgetStore,
): Promise<GitHubConnection | undefined> {
  if (!githubConfigured(env)) return undefined;
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of githubSecrets) {
    const value = await secrets.readOptional(name);
    if (value !== undefined) resolved[name] = value;
  }
  const { connectGitHub } = await import('../../adapters/github/connect');
  return connectGitHub(resolved, repository, { budget });
}

/** The reporter that keeps PRs current, when GitHub is configured; the GitHub client loads only then. */
export async function githubReporterFromEnv(
  env: Env,
  secrets: SecretReader,
  config: Pick<Config, 'repository' | 'github' | 'stacks'>,
  store: Pick<JobStore, 'listJobs' | 'getJob'> & LeaseStore & BudgetStore,
  onError: (activity: string, error: unknown) => void,
): Promise<JobReporter | undefined> {
  const connection = await connectGitHubFromEnv(env, secrets, config.repository, store);
  if (!connection) return undefined;
  const { githubReporter } = await import('../../adapters/github/connect');
  return githubReporter(connection, store, { ...config.github, stacks: config.stacks }, onError);
}

/**
 * How the bot authenticates to read commits: the token, or the GitHub App installation's token (renewed by
 * the App's auth strategy); undefined when GitHub is not configured (public repositories only).
 */
export async function githubTokenSource(
  connection: GitHubConnection | undefined,
  repository: string,
): Promise<(() => Promise<string>) | undefined> {
  if (!connection) return undefined;
  const { auth } = connection.settings;
  if (auth.kind === 'token') return async () => auth.token;
  const { createGitHubClient } = await import('../../adapters/github/octokit');
  const octokit = await createGitHubClient(connection.settings, repository);
  return async () => ((await octokit.auth({ type: 'installation' })) as { token: string }).token;
}
