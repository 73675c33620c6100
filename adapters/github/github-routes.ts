import type { CustomRoute } from '@slack/bolt';
import type { AffectedStacks, GitHubDeps } from '../../core/github/deps';
import type { RequestDeps } from '../../core/usecases/deps';
import { actionsRoutes } from './actions-routes';
import { GitHubPullRequests } from './github-pull-requests';
import type { BackgroundErrorHandler } from './http';
import { type ClientTuning, createGitHubClient } from './octokit';
import { createOidcVerifier, defaultOidcAudience } from './oidc-verifier';
import type { GitHubSettings } from './settings';
import { webhookRoute } from './webhook-routes';

/**
 * The GitHub use cases' dependencies: the request dependencies, an authenticated `PullRequests` for the
 * configured repository, and the affected-stack detection.
 */
export async function createGitHubDeps(
  requestDeps: RequestDeps,
  settings: GitHubSettings,
  affectedStacks: AffectedStacks,
  tuning: ClientTuning = {},
): Promise<GitHubDeps> {
  const octokit = await createGitHubClient(settings, requestDeps.config.repository, tuning);
  const pullRequests = new GitHubPullRequests(octokit, requestDeps.config.repository);
  return { ...requestDeps, pullRequests, affectedStacks };
}

/**
 * The GitHub HTTP routes for `infrabot serve` (Bolt `customRoutes`) and the bot Lambda:
 * `POST /github/webhook` when a webhook secret is set, `POST /github/actions` and
 * `GET /github/actions/jobs/:id` always (they accept only verified Actions OIDC tokens).
 */
export function githubRoutes(options: {
  deps: GitHubDeps;
  settings: Pick<GitHubSettings, 'webhookSecret' | 'oidc'>;
  onError: BackgroundErrorHandler;
}): CustomRoute[] {
  const { deps, settings, onError } = options;
  const verifyToken = createOidcVerifier({
    issuer: settings.oidc.issuer,
    audience: settings.oidc.audience ?? defaultOidcAudience,
  });
  const routes = actionsRoutes({ deps, verifyToken }, onError);
  if (settings.webhookSecret) routes.unshift(webhookRoute({ deps, secret: settings.webhookSecret }, onError));
  return routes;
}
