import type { Logger } from '@aws-lambda-powertools/logger';
import type { GitHubConnection } from '../../adapters/github/connect';
import { DirectoryOnlyModuleGraph } from '../../adapters/github/directory-only-module-graph';
import { githubHandlers, matchGitHubRoute } from '../../adapters/github/github-routes';
import type { Config } from '../../core/config/schema';
import { findAffectedStacks } from '../../core/stacks/find-affected-stacks';
import type { RequestDeps } from '../../core/usecases/deps';
import { logFailure } from '../shared/observability';
import type { HttpRequestEvent, HttpResponse } from './http-event';

/** A Function URL request's method (payload 2.0 keeps it in the request context). */
function methodOf(event: HttpRequestEvent): string {
  const context = (event as { requestContext?: { http?: { method?: string } } }).requestContext;
  return context?.http?.method ?? 'POST';
}

function bodyOf(event: HttpRequestEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

/**
 * `POST /github/webhook`, `POST /github/actions` and `GET /github/actions/jobs/<id>` on the bot Lambda. A Lambda
 * stops when it answers, so the work after the reply (reactions, dispatching plans) is done before answering;
 * dispatching is an asynchronous invoke, well within GitHub's 10-second webhook timeout.
 */
export function githubHttp(input: { github: GitHubConnection; config: Config; requests: RequestDeps; logger: Logger }) {
  const modules = new DirectoryOnlyModuleGraph();
  const handlers = githubHandlers({
    deps: {
      ...input.requests,
      pullRequests: input.github.pullRequests,
      affectedStacks: async (files) => (await findAffectedStacks(input.config.stacks, files, modules)).stacks,
    },
    settings: input.github.settings,
  });
  return async (event: HttpRequestEvent): Promise<HttpResponse | undefined> => {
    const route = matchGitHubRoute(handlers, methodOf(event), event.rawPath ?? '/');
    if (!route) return undefined;
    const headers = Object.fromEntries(
      Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const reply = await route.handler({ method: methodOf(event), headers, body: bodyOf(event), params: route.params });
    await reply.after?.().catch((error: unknown) => logFailure(input.logger, `handling ${event.rawPath}`, error));
    return {
      statusCode: reply.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reply.body ?? {}),
    };
  };
}
