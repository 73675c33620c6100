import type { StackConfig } from '../config/schema';
import type { Job, Requester } from '../jobs/job';
import { applyLayers, upstreamAmong } from '../stacks/apply-order';
import { endUnreported, startUnblockedApplies } from '../usecases/advance-waiting-applies';
import { recordWaitingApply } from '../usecases/record-waiting-apply';
import type { GitHubDeps } from './deps';
import { countingReviews, flaggedPlanProblem } from './pr-apply';
import type { StackResult } from './pr-reply';
import type { PullRequestInfo, PullRequestReview } from './pull-request';
import { checkApplyRequirements } from './requirements';

/** A PR that merged: its number, the commit the merge left on the default branch, and who merged it. */
export interface MergedPr {
  pr: number;
  mergeSha: string;
  actor: Requester;
}

/** The PR's newest plan of the stack when it is one to apply on merge: succeeded, with changes, not applied. */
async function reviewedPlan(stack: StackConfig, pr: number, deps: GitHubDeps): Promise<Job | undefined> {
  const [plan] = await deps.store.listJobs({ stack: stack.name, action: 'plan', pr, limit: 1 });
  if (plan?.status !== 'succeeded' || !plan.summary?.hasChanges) return undefined;
  const applies = await deps.store.listJobs({ stack: stack.name, action: 'apply', pr, limit: 20 });
  const applied = applies.some(
    (apply) => apply.planJobId === plan.id && apply.status !== 'failed' && apply.status !== 'cancelled',
  );
  return applied ? undefined : plan;
}

/**
 * What stands in the way of applying the reviewed plan at merge: the PR's head must be the commit planned,
 * the stack's `approved` met by someone other than the author, and a flagged plan's approvals given on the
 * PR. Mergeability no longer matters: it merged.
 */
async function mergeProblem(
  pr: PullRequestInfo,
  reviews: readonly PullRequestReview[],
  stack: StackConfig,
  plan: Job,
  deps: GitHubDeps,
): Promise<string | undefined> {
  const met = checkApplyRequirements({
    pr: { ...pr, state: 'open' },
    reviews,
    applier: pr.author,
    requirements: stack.requirements.filter((requirement) => requirement !== 'mergeable'),
    latestPlan: plan,
  });
  const unmet = met.ok ? [] : met.reasons.map((reason) => reason.message);
  const flagged = await flaggedPlanProblem(pr, reviews, stack, pr.author, deps);
  if (flagged) unmet.push(flagged);
  return unmet.length === 0 ? undefined : `not applied: ${unmet.join('; ')}`;
}

/**
 * Applies, after a merge, the reviewed plans of the PR's stacks with `applyOn: merge`: each is recorded as an
 * apply waiting for the merge commit's plan (and for the stacks it depends on, in order), which is applied
 * only if it makes the same changes as the reviewed plan (see `advanceWaitingApplies`). A stack whose
 * requirements were not met at merge, or whose upstream is not applied, is named and not applied.
 * @returns what became of each stack; the stacks with an apply on the way keep the PR's lock until it ends.
 */
export async function applyMergedPr(merged: MergedPr, deps: GitHubDeps): Promise<StackResult[]> {
  const candidates = deps.config.stacks.filter((stack) => stack.applyOn === 'merge');
  const plans = new Map<string, Job>();
  for (const stack of candidates) {
    const plan = await reviewedPlan(stack, merged.pr, deps);
    if (plan) plans.set(stack.name, plan);
  }
  if (plans.size === 0) return [];
  const pr = await deps.pullRequests.getPullRequest(merged.pr);
  if (!pr) return [];
  const reviews = await countingReviews(await deps.pullRequests.listReviews(pr.number), deps.pullRequests);
  const upstream = upstreamAmong(deps.config.stacks, [...plans.keys()]);
  const applies = new Map<string, Job>();
  const results: StackResult[] = [];
  for (const name of applyLayers(deps.config.stacks, [...plans.keys()]).flat()) {
    const stack = candidates.find((candidate) => candidate.name === name);
    const plan = plans.get(name);
    if (!stack || !plan) continue;
    const ups = upstream.get(name) ?? [];
    const missing = ups.filter((up) => !applies.has(up));
    const problem =
      missing.length > 0
        ? `not applied: it depends on ${missing.map((up) => `\`${up}\``).join(', ')}, not applied`
        : await mergeProblem(pr, reviews, stack, plan, deps);
    if (problem) {
      results.push({ stack: name, ok: false, text: problem });
      continue;
    }
    const order = {
      upstream: ups.map((up) => applies.get(up)?.id ?? ''),
      replanAt: merged.mergeSha,
      replanRef: deps.config.defaultBranch,
      merged: true as const,
    };
    const spec = {
      action: 'apply' as const,
      stack,
      sha: plan.sha,
      planJobId: plan.id,
      requester: merged.actor,
      pr: pr.number,
    };
    const job = await recordWaitingApply(spec, order, async () => undefined, deps);
    applies.set(name, job);
    const after = ups.length > 0 ? ` after ${ups.map((up) => `\`${up}\``).join(', ')}` : '';
    results.push({
      stack: name,
      ok: true,
      text: `apply ${job.id}${after}: plans the merge commit, applies it if its changes are the ones reviewed`,
      job,
    });
  }
  const notStarted = await startUnblockedApplies([...applies.values()], { ...deps, orderedApplies: deps });
  await cancelDownstream(notStarted, [...applies.values()], results, deps);
  return results;
}

/**
 * The results of applies that were cancelled before they started say why, and so do those of every apply of the
 * merge below them (cancelled in turn): with no build ever ending, nothing else would move them on.
 */
async function cancelDownstream(
  cancelled: readonly Job[],
  applies: readonly Job[],
  results: StackResult[],
  deps: GitHubDeps,
): Promise<void> {
  const queue = [...cancelled];
  for (let stopped = queue.shift(); stopped !== undefined; stopped = queue.shift()) {
    const result = results.find((entry) => entry.job?.id === stopped.id);
    if (result) Object.assign(result, { ok: false, text: stopped.reason ?? 'not applied', job: stopped });
    for (const below of applies.filter((apply) => apply.order?.upstream.includes(stopped.id))) {
      const why = `not applied: it depends on ${stopped.stack}, whose apply ${stopped.id} was not started`;
      const ended = await endUnreported(below, 'cancelled', why, deps);
      if (ended) queue.push(ended);
    }
  }
}
