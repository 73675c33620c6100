import type { Requester } from '../jobs/job';
import { describeRefusal } from '../render/refusal-text';
import { requestApply } from '../usecases/request-apply';
import { mayApplyFromPr, teamsIn } from './appliers';
import type { GitHubDeps } from './deps';
import type { StackResult } from './pr-reply';
import type { PullRequestInfo } from './pull-request';
import { checkApplyRequirements } from './requirements';

/** Teams among the stack's `githubAppliers` that the login belongs to (asked only when needed). */
async function teamsOf(login: string, appliers: readonly string[] | undefined, deps: GitHubDeps): Promise<string[]> {
  if (!appliers || appliers.some((entry) => !entry.includes('/') && entry.toLowerCase() === login.toLowerCase())) {
    return [];
  }
  const member: string[] = [];
  for (const team of teamsIn(appliers)) {
    if (await deps.pullRequests.isTeamMember(team, login)) member.push(team);
  }
  return member;
}

/**
 * Applies stacks from a PR: for each, who may apply on GitHub (write permission and the stack's
 * `githubAppliers`), then the stack's requirements (an approval by someone else and mergeability at the
 * head, a successful plan at the head); every unmet one is named. Then the saved plan is applied.
 */
export async function applyPrStacks(
  pr: PullRequestInfo,
  stacks: readonly string[],
  requester: Requester,
  deps: GitHubDeps,
): Promise<StackResult[]> {
  const permission = await deps.pullRequests.getPermission(requester.id);
  const reviews = await deps.pullRequests.listReviews(pr.number);
  const results: StackResult[] = [];
  for (const name of stacks) {
    const stack = deps.config.stacks.find((candidate) => candidate.name === name);
    if (!stack) continue;
    const memberOf = await teamsOf(requester.id, stack.githubAppliers, deps);
    const who = mayApplyFromPr({
      login: requester.id,
      permission,
      repository: deps.config.repository,
      stack: name,
      memberOf,
      ...(stack.githubAppliers ? { githubAppliers: stack.githubAppliers } : {}),
    });
    if (!who.ok) {
      results.push({ stack: name, ok: false, text: who.reason });
      continue;
    }
    const [latestPlan] = await deps.store.listJobs({ stack: name, action: 'plan', pr: pr.number, limit: 1 });
    const facts = { pr, reviews, applier: requester.id, requirements: stack.requirements };
    const met = checkApplyRequirements(latestPlan ? { ...facts, latestPlan } : facts);
    if (!met.ok) {
      results.push({ stack: name, ok: false, text: met.reasons.map((reason) => reason.message).join('; ') });
      continue;
    }
    const applied = await requestApply({ stack: name, pr: pr.number, requester }, async () => undefined, deps);
    results.push(
      applied.ok
        ? { stack: name, ok: true, text: `apply ${applied.job.id} queued`, job: applied.job }
        : { stack: name, ok: false, text: describeRefusal(applied) },
    );
  }
  return results;
}
