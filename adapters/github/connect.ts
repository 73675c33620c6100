import { GitHubReporter } from '../../core/github/github-reporter';
import type { CommentSettings } from '../../core/github/pr-report-comments';
import type { Issues, IssueTracker, JobStore, LeaseStore, PullRequests } from '../../core/ports';
import { GitHubIssues } from './github-issues';
import { GitHubPullRequests } from './github-pull-requests';
import { type ClientTuning, createGitHubClient } from './octokit';
import { type GitHubSettings, readGitHubSettings } from './settings';

/** GitHub, connected for the configured repository. */
export interface GitHubConnection {
  settings: GitHubSettings;
  pullRequests: PullRequests & Issues;
  issues: IssueTracker;
}

/**
 * Reads the GitHub settings from the environment and authenticates for `repository` (looking up the App's
 * installation). Returns undefined when neither a GitHub App nor a token is configured.
 * @throws GitHubSettingsError or GitHubClientError with a message saying what to fix.
 */
export async function connectGitHub(
  env: Record<string, string | undefined>,
  repository: string,
  tuning: ClientTuning = {},
): Promise<GitHubConnection | undefined> {
  const settings = readGitHubSettings(env);
  if (!settings) return undefined;
  const octokit = await createGitHubClient(settings, repository, tuning);
  return {
    settings,
    pullRequests: new GitHubPullRequests(octokit, repository),
    issues: new GitHubIssues(octokit, repository),
  };
}

/**
 * The job reporter that keeps PRs current, for the bot's `otherReporters` and the notifier: on the real clock,
 * with the store's leases making one process at a time report a PR; writes that fail unawaited go to `onError`.
 */
export function githubReporter(
  connection: GitHubConnection,
  store: Pick<JobStore, 'listJobs' | 'getJob'> & LeaseStore,
  comments: CommentSettings,
  onError: (activity: string, error: unknown) => void,
): GitHubReporter {
  return new GitHubReporter({
    pullRequests: connection.pullRequests,
    store,
    comments,
    onError,
    clock: { now: () => new Date() },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
