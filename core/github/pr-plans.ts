import type { Requester } from '../jobs/job';
import { describeRefusal } from '../render/refusal-text';
import { findStack } from '../usecases/find-stack';
import { checkLockFree, submitJob } from '../usecases/submit-job';
import type { GitHubDeps } from './deps';
import type { StackResult } from './pr-reply';

/** The stacks a PR command acts on: the ones named, or every stack the PR affects when none is named. */
export interface ResolvedStacks {
  stacks: string[];
  /** Named stacks that do not exist, already answered. */
  unknown: StackResult[];
}

/** Resolves a command's stacks: the named ones (unknown names answered), or those the PR's changes affect. */
export async function resolvePrStacks(named: readonly string[], pr: number, deps: GitHubDeps): Promise<ResolvedStacks> {
  if (named.length === 0) {
    const files = await deps.pullRequests.listChangedFiles(pr);
    const affected = await deps.affectedStacks(files);
    return { stacks: [...affected].sort(), unknown: [] };
  }
  const stacks: string[] = [];
  const unknown: StackResult[] = [];
  for (const name of named) {
    const found = findStack(deps.config, name);
    if (found.ok) stacks.push(name);
    else unknown.push({ stack: name, ok: false, text: describeRefusal(found) });
  }
  return { stacks, unknown };
}

/** A request to plan stacks of a PR at its head commit. */
export interface PrPlanRequest {
  pr: number;
  /** The PR's head commit, as GitHub reports it. */
  sha: string;
  stacks: readonly string[];
  requester: Requester;
}

/**
 * Queues a plan per stack at the PR's head. Each plan takes the stack's lock for the PR (the dispatcher
 * does), so the PR keeps the stack until it merges, closes or is unlocked; a stack another owner holds is
 * refused with who holds it.
 */
export async function planPrStacks(request: PrPlanRequest, deps: GitHubDeps): Promise<StackResult[]> {
  const results: StackResult[] = [];
  for (const name of request.stacks) {
    const found = findStack(deps.config, name);
    if (!found.ok) {
      results.push({ stack: name, ok: false, text: describeRefusal(found) });
      continue;
    }
    const free = await checkLockFree(name, request.pr, deps);
    if (!free.ok) {
      results.push({ stack: name, ok: false, text: describeRefusal(free) });
      continue;
    }
    const spec = { action: 'plan' as const, stack: found.stack, sha: request.sha, pr: request.pr };
    const submitted = await submitJob({ ...spec, requester: request.requester }, async () => undefined, deps);
    results.push(
      submitted.ok
        ? { stack: name, ok: true, text: `plan ${submitted.job.id} queued`, job: submitted.job }
        : { stack: name, ok: false, text: describeRefusal(submitted) },
    );
  }
  return results;
}
