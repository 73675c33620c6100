import type { CustomRoute } from '@slack/bolt';
import type { GitHubDeps } from '../../core/github/deps';
import { createActionsJobHandler, createActionsPlanHandler } from './actions-routes';
import { type BackgroundErrorHandler, type HttpHandler, toCustomRoute } from './http';
import { createOidcVerifier, defaultOidcAudience } from './oidc-verifier';
import type { GitHubSettings } from './settings';
import { createWebhookHandler } from './webhook-routes';

export interface GitHubRouteOptions {
  /** The GitHub use cases' dependencies, or a getter when they are built after the routes (Bolt's app). */
  deps: GitHubDeps | (() => GitHubDeps);
  settings: Pick<GitHubSettings, 'webhookSecret' | 'oidc'>;
}

/** The GitHub endpoints, independent of the HTTP transport. */
export interface GitHubHandlers {
  /** `POST /github/webhook`; absent without a webhook secret. */
  webhook?: HttpHandler;
  /** `POST /github/actions`. */
  actionsPlan: HttpHandler;
  /** `GET /github/actions/jobs/:id` (reads `params.id`). */
  actionsJob: HttpHandler;
}

/** Builds the handlers; dependencies given as a getter are resolved on the first request. */
export function githubHandlers(options: GitHubRouteOptions): GitHubHandlers {
  const { deps, settings } = options;
  const resolve = typeof deps === 'function' ? deps : () => deps;
  const verifyToken = createOidcVerifier({
    issuer: settings.oidc.issuer,
    audience: settings.oidc.audience ?? defaultOidcAudience,
  });
  const lazy = (build: (deps: GitHubDeps) => HttpHandler): HttpHandler => {
    let handler: HttpHandler | undefined;
    return (request) => {
      handler ??= build(resolve());
      return handler(request);
    };
  };
  const secret = settings.webhookSecret;
  return {
    ...(secret ? { webhook: lazy((resolved) => createWebhookHandler({ deps: resolved, secret })) } : {}),
    actionsPlan: lazy((resolved) => createActionsPlanHandler({ deps: resolved, verifyToken })),
    actionsJob: lazy((resolved) => createActionsJobHandler({ deps: resolved, verifyToken })),
  };
}

/**
 * Finds the handler for a request (for transports without routing, such as the bot Lambda's Function URL).
 * The caller must await the reply's `after` before the Lambda returns.
 */
export function matchGitHubRoute(
  handlers: GitHubHandlers,
  method: string,
  path: string,
): { handler: HttpHandler; params: Record<string, string> } | undefined {
  if (method === 'POST' && path === '/github/webhook' && handlers.webhook)
    return { handler: handlers.webhook, params: {} };
  if (method === 'POST' && path === '/github/actions') return { handler: handlers.actionsPlan, params: {} };
  const job = /^\/github\/actions\/jobs\/([^/]+)$/.exec(path);
  const id = job?.[1] === undefined ? undefined : decodedSegment(job[1]);
  if (method === 'GET' && id) return { handler: handlers.actionsJob, params: { id } };
  return undefined;
}

/** A path segment decoded; undefined for broken percent-encoding (no route matches such a path). */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The GitHub HTTP routes as Bolt `customRoutes` for `infrabot serve` (same port as `/slack/events`):
 * `POST /github/webhook` when a webhook secret is set, `POST /github/actions` and
 * `GET /github/actions/jobs/:id` always (they accept only verified Actions OIDC tokens).
 */
export function githubRoutes(options: GitHubRouteOptions & { onError: BackgroundErrorHandler }): CustomRoute[] {
  const handlers = githubHandlers(options);
  const routes = [
    toCustomRoute('/github/actions', 'POST', handlers.actionsPlan, options.onError),
    toCustomRoute('/github/actions/jobs/:id', 'GET', handlers.actionsJob, options.onError),
  ];
  if (handlers.webhook) routes.unshift(toCustomRoute('/github/webhook', 'POST', handlers.webhook, options.onError));
  return routes;
}
