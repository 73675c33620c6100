import { Webhooks } from '@octokit/webhooks';
import type { GitHubDeps } from '../../core/github/deps';
import { handlePrComment, type PrCommentInput } from '../../core/github/pr-comment';
import { handlePrEvent } from '../../core/github/pr-event';
import { renderNotice } from '../../core/github/pr-reply';
import { claimDelivery } from './delivery-claim';
import { type HttpHandler, type HttpReply, reply } from './http';
import { IssueCommentPayload, PullRequestPayload } from './webhook-payloads';

export interface WebhookOptions {
  deps: GitHubDeps;
  /** `GITHUB_WEBHOOK_SECRET`, as set on the App or the repository's webhook. */
  secret: string;
}

/**
 * `POST /github/webhook`: verifies `X-Hub-Signature-256`, drops a delivery (`X-GitHub-Delivery`) handled already
 * or being handled, answers 202 at once and handles the event afterwards. A delivery whose handling failed is
 * not remembered, so GitHub's redelivery of it runs again.
 */
export function createWebhookHandler(options: WebhookOptions): HttpHandler {
  const webhooks = new Webhooks({ secret: options.secret });
  const { deps } = options;
  return async (request) => {
    const signature = request.headers['x-hub-signature-256'];
    if (!signature) return reply(401, { error: 'the X-Hub-Signature-256 header is missing' });
    if (!(await webhooks.verify(request.body, signature).catch(() => false))) {
      return reply(401, { error: 'the signature does not match: check GITHUB_WEBHOOK_SECRET' });
    }
    const event = request.headers['x-github-event'];
    const delivery = request.headers['x-github-delivery'];
    if (!event || !delivery)
      return reply(400, { error: 'the X-GitHub-Event and X-GitHub-Delivery headers are required' });
    let payload: unknown;
    try {
      payload = JSON.parse(request.body);
    } catch {
      return reply(400, { error: 'the body is not JSON' });
    }
    const work = route(event, payload, deps);
    if ('status' in work) return work;
    const claim = await claimDelivery(deps.store, deps.clock, delivery);
    if (!claim) return reply(200, { duplicate: delivery });
    return reply(202, { accepted: delivery }, () => claim.settle(work.run));
  };
}

type Work = { run: () => Promise<void> } | HttpReply;

function route(event: string, payload: unknown, deps: GitHubDeps): Work {
  if (event === 'ping') return reply(200, { pong: true });
  if (event === 'issue_comment') {
    const parsed = IssueCommentPayload.safeParse(payload);
    if (!parsed.success) return reply(400, { error: 'not an issue_comment payload' });
    const { action, issue, comment, repository } = parsed.data;
    const ignored = ignoreReason(repository.full_name, deps);
    if (ignored) return reply(200, { ignored });
    if (action !== 'created' || !issue.pull_request || comment.user.type === 'Bot') {
      return reply(200, { ignored: 'only new comments by people on pull requests are read' });
    }
    const input = {
      pr: issue.number,
      commentId: comment.id,
      login: comment.user.login,
      body: comment.body ?? '',
      writtenAt: comment.created_at,
    };
    return { run: () => answerComment(input, deps) };
  }
  if (event === 'pull_request') {
    const parsed = PullRequestPayload.safeParse(payload);
    if (!parsed.success) return reply(400, { error: 'not a pull_request payload' });
    const { action, number, pull_request, sender, repository } = parsed.data;
    const ignored = ignoreReason(repository.full_name, deps);
    if (ignored) return reply(200, { ignored });
    const headRepo = pull_request.head.repo?.full_name.toLowerCase();
    const input = {
      action,
      pr: number,
      headSha: pull_request.head.sha,
      login: sender.login,
      fromFork: headRepo !== repository.full_name.toLowerCase(),
      ...(pull_request.updated_at ? { at: pull_request.updated_at } : {}),
      ...(action === 'closed' && pull_request.merged && pull_request.merge_commit_sha
        ? { mergeSha: pull_request.merge_commit_sha }
        : {}),
    };
    return { run: async () => void (await handlePrEvent(input, deps)) };
  }
  return reply(200, { ignored: `infrabot does not handle ${event} events` });
}

/** Runs a comment's command; when it breaks unexpectedly, says so on the PR before the error is logged. */
async function answerComment(input: PrCommentInput, deps: GitHubDeps): Promise<void> {
  try {
    await handlePrComment(input, deps);
  } catch (error) {
    const notice = renderNotice('the command could not be finished because of an unexpected error; it has been logged');
    await deps.pullRequests.reply(input.pr, notice).catch(() => undefined);
    throw error;
  }
}

function ignoreReason(repository: string, deps: GitHubDeps): string | undefined {
  if (repository.toLowerCase() === deps.config.repository.toLowerCase()) return undefined;
  return `events of ${repository} are ignored: infrabot serves ${deps.config.repository}`;
}
