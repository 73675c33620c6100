import type { Requester } from '../jobs/job';
import { mayUseFromPr } from './appliers';
import type { GitHubDeps } from './deps';
import { applyMergedPr } from './merge-apply';
import { recordPrHead } from './pr-head';
import { releasePrLocks } from './pr-locks';
import { planPrStacks } from './pr-plans';
import { renderNotice, renderStackResults, type StackResult } from './pr-reply';

/** A `pull_request` webhook event, reduced to what infrabot acts on. */
export interface PrEventInput {
  action: string;
  pr: number;
  headSha: string;
  /** Who caused the event (the sender). */
  login: string;
  /** The head branch lives in another repository: the PR comes from a fork. */
  fromFork?: boolean;
  /** When the PR last changed (`pull_request.updated_at`): for a push, when its head was pushed. */
  at?: string;
  /** For `closed`: the commit the merge left on the default branch, when the PR merged. */
  mergeSha?: string;
}

/** What an event led to. */
export type PrEventOutcome =
  | { kind: 'ignored' }
  | { kind: 'autoplanned'; results: StackResult[] }
  | { kind: 'released'; stacks: string[]; applying: StackResult[] };

const planActions: readonly string[] = ['opened', 'synchronize', 'reopened'];

/**
 * Opened, pushed to or reopened: records the head and when it was pushed (see `headWhenWritten`), then plans
 * the affected stacks when `github.autoplan` is on, and replies only when some stack could not be planned (who
 * holds it). A fork's PR, or code pushed by someone without write permission, is never planned on its own: a
 * plan runs the PR's Terraform with the stack's plan role, so the PR is told that someone with write permission
 * can plan it after a review. Closed: releases the PR's locks. Merged: first applies the reviewed plans of its
 * stacks with `applyOn: merge` (see `applyMergedPr`), whose locks stay until their applies end.
 */
export async function handlePrEvent(input: PrEventInput, deps: GitHubDeps): Promise<PrEventOutcome> {
  const actor: Requester = { source: 'github', id: input.login };
  if (input.action === 'closed') return closed(input, actor, deps);
  if (!planActions.includes(input.action)) return { kind: 'ignored' };
  const at = input.at ?? deps.clock.now().toISOString();
  await recordPrHead({ pr: input.pr, sha: input.headSha, actor, at }, deps);
  if (!deps.config.github.autoplan) return { kind: 'ignored' };
  return autoplan(input, actor, deps);
}

async function closed(input: PrEventInput, actor: Requester, deps: GitHubDeps): Promise<PrEventOutcome> {
  const merged = input.mergeSha === undefined ? undefined : { pr: input.pr, mergeSha: input.mergeSha, actor };
  const applying = merged ? await applyMergedPr(merged, deps) : [];
  const keep = applying.filter((result) => result.ok).map((result) => result.stack);
  const stacks = await releasePrLocks(input.pr, actor, deps, keep);
  if (applying.length > 0) {
    const at = `merged at \`${input.mergeSha?.slice(0, 7)}\`: applying on merge`;
    await deps.pullRequests.reply(input.pr, renderStackResults(at, applying));
  }
  if (stacks.length > 0) {
    await deps.pullRequests.reply(
      input.pr,
      renderNotice(`released the locks on ${stacks.map((s) => `\`${s}\``).join(', ')}`),
    );
  }
  return { kind: 'released', stacks, applying };
}

const reviewFirst = 'After reviewing the changes, someone with write permission can comment `/tf plan`.';

async function autoplan(input: PrEventInput, actor: Requester, deps: GitHubDeps): Promise<PrEventOutcome> {
  const files = await deps.pullRequests.listChangedFiles(input.pr);
  const stacks = [...(await deps.affectedStacks(files))].sort();
  if (stacks.length > 0 && input.fromFork) {
    const why = `not autoplanned: this PR comes from a fork, and a plan runs its code with the stack's plan role. ${reviewFirst}`;
    await deps.pullRequests.reply(input.pr, renderNotice(why));
    return { kind: 'ignored' };
  }
  if (stacks.length > 0) {
    const permission = await deps.pullRequests.getPermission(input.login);
    const allowed = mayUseFromPr(input.login, permission, deps.config.repository);
    if (!allowed.ok) {
      const why = `not autoplanned: ${allowed.reason}. ${reviewFirst}`;
      await deps.pullRequests.reply(input.pr, renderNotice(why));
      return { kind: 'ignored' };
    }
  }
  const results = await planPrStacks({ pr: input.pr, sha: input.headSha, stacks, requester: actor }, deps);
  if (results.some((result) => !result.ok)) {
    await deps.pullRequests.reply(
      input.pr,
      renderStackResults(`autoplan at \`${input.headSha.slice(0, 7)}\``, results),
    );
  }
  return { kind: 'autoplanned', results };
}
