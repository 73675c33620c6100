import type { Requester } from '../jobs/job';
import { mayUseFromPr } from './appliers';
import { type PrCommandName, parsePrComment } from './commands';
import type { GitHubDeps } from './deps';
import { applyPrStacks } from './pr-apply';
import { headWhenWritten } from './pr-head';
import { unlockPrStacks } from './pr-locks';
import { planPrStacks, resolvePrStacks } from './pr-plans';
import { renderNotice, renderStackResults, renderUsage, type StackResult } from './pr-reply';
import type { PullRequestInfo } from './pull-request';

/** A comment on a PR, as the webhook reports it. */
export interface PrCommentInput {
  pr: number;
  commentId: number;
  /** Login of the comment's author. */
  login: string;
  body: string;
  /** When the comment was written (`comment.created_at`): a plan is of the PR's head as it was then. */
  writtenAt: string;
}

/** Whether the comment was a command, and the reply posted. */
export type PrCommentOutcome = { handled: false } | { handled: true; reply: string };

/**
 * Answers a PR comment: anything not starting with `/tf` is left alone; otherwise the comment gets an eyes
 * reaction at once, and a reply with the results once the command has run (usage for a command it does
 * not know, a refusal for users without write permission).
 */
export async function handlePrComment(input: PrCommentInput, deps: GitHubDeps): Promise<PrCommentOutcome> {
  const parsed = parsePrComment(input.body);
  if (parsed.kind === 'ignore') return { handled: false };
  await deps.pullRequests.acknowledgeComment(input.commentId);
  const reply =
    parsed.kind === 'usage' ? renderUsage(parsed.problem) : await runCommand(parsed.name, parsed.stacks, input, deps);
  await deps.pullRequests.reply(input.pr, reply);
  return { handled: true, reply };
}

async function runCommand(
  name: PrCommandName,
  named: readonly string[],
  input: PrCommentInput,
  deps: GitHubDeps,
): Promise<string> {
  const requester: Requester = { source: 'github', id: input.login };
  const permission = await deps.pullRequests.getPermission(input.login);
  const allowed = mayUseFromPr(input.login, permission, deps.config.repository);
  if (!allowed.ok) {
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor: requester,
      action: `tf.${name}`,
      target: `PR #${input.pr}`,
      outcome: 'refused',
      detail: allowed.reason,
    });
    return renderNotice(allowed.reason);
  }
  const pr = await deps.pullRequests.getPullRequest(input.pr);
  if (!pr) return renderNotice(`PR #${input.pr} was not found`);
  if (pr.state !== 'open' && name !== 'unlock') return renderNotice(`PR #${pr.number} is closed: nothing to ${name}`);
  const resolved = await resolvePrStacks(named, pr.number, deps);
  if (resolved.stacks.length === 0 && resolved.unknown.length === 0) {
    return renderNotice(`this PR changes no stack: name one, e.g. \`/tf ${name} <stack>\``);
  }
  if (name === 'plan') {
    const pinned = await headWhenWritten(pr, input.writtenAt, deps);
    if (!pinned.ok) return renderNotice(`nothing planned: ${pinned.reason}`);
  }
  const results = await run(name, pr, resolved.stacks, requester, deps);
  return renderStackResults(`${name} at \`${pr.headSha.slice(0, 7)}\``, [...resolved.unknown, ...results]);
}

function run(
  name: PrCommandName,
  pr: PullRequestInfo,
  stacks: readonly string[],
  requester: Requester,
  deps: GitHubDeps,
): Promise<StackResult[]> {
  switch (name) {
    case 'plan':
      return planPrStacks({ pr: pr.number, sha: pr.headSha, stacks, requester }, deps);
    case 'apply':
      return applyPrStacks(pr, stacks, requester, deps);
    case 'unlock':
      return unlockPrStacks(pr.number, stacks, requester, deps);
  }
}
