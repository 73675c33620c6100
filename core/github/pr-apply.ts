import type { StackConfig } from '../config/schema';
import type { Job, Requester } from '../jobs/job';
import type { JobStore, PullRequests } from '../ports';
import { describeRefusal } from '../render/refusal-text';
import { approvalsNeeded } from '../risk/risk-config';
import { applyLayers, upstreamAmong } from '../stacks/apply-order';
import { requestApply } from '../usecases/request-apply';
import { checkLockFree } from '../usecases/submit-job';
import { mayApplyFromPr, teamsIn } from './appliers';
import type { GitHubDeps } from './deps';
import type { StackResult } from './pr-reply';
import { canWrite, type PullRequestInfo, type PullRequestReview, type RepositoryPermission } from './pull-request';
import { checkApplyRequirements, headApprovers, type RequirementsResult } from './requirements';

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
 * The reviews that count toward `approved`: an approval only from someone with write permission (as for
 * GitHub's own required reviews), so that an account with read access cannot approve an apply. Other
 * reviews are kept, since a later "request changes" withdraws an approval.
 */
export async function countingReviews(
  reviews: readonly PullRequestReview[],
  pullRequests: Pick<PullRequests, 'getPermission'>,
): Promise<PullRequestReview[]> {
  const approvers = [...new Set(reviews.filter((r) => r.state === 'APPROVED' && r.login !== '').map((r) => r.login))];
  const writers = new Set<string>();
  for (const login of approvers) if (canWrite(await pullRequests.getPermission(login))) writers.add(login);
  return reviews.filter((review) => review.state !== 'APPROVED' || writers.has(review.login));
}

async function requirementsFor(
  pr: PullRequestInfo,
  reviews: readonly PullRequestReview[],
  stack: StackConfig,
  applier: string,
  store: Pick<JobStore, 'listJobs'>,
): Promise<RequirementsResult> {
  const [latestPlan] = await store.listJobs({ stack: stack.name, action: 'plan', pr: pr.number, limit: 1 });
  const facts = { pr, reviews, applier, requirements: stack.requirements };
  return checkApplyRequirements(latestPlan ? { ...facts, latestPlan } : facts);
}

/**
 * The stack's requirements for applying a PR's plan, read from GitHub and the store: for the Slack side,
 * where `applier` is the GitHub login when known (with an empty login, any approval of the head counts).
 */
export async function checkPrRequirements(
  input: { pr: number; stack: StackConfig; applier: string },
  deps: { pullRequests: PullRequests; store: Pick<JobStore, 'listJobs'> },
): Promise<RequirementsResult> {
  const pr = await deps.pullRequests.getPullRequest(input.pr);
  if (!pr) return { ok: false, reasons: [{ requirement: 'open', message: `PR #${input.pr} was not found` }] };
  const reviews = await countingReviews(await deps.pullRequests.listReviews(input.pr), deps.pullRequests);
  return requirementsFor(pr, reviews, input.stack, input.applier, deps.store);
}

/** `RequestDeps.prRequirements` over GitHub and the store: the unmet requirements of a PR's plan, in words. */
export function prRequirementsCheck(deps: { pullRequests: PullRequests; store: Pick<JobStore, 'listJobs'> }) {
  return async (pr: number, stack: StackConfig, applier: string): Promise<readonly string[]> => {
    const met = await checkPrRequirements({ pr, stack, applier }, deps);
    return met.ok ? [] : met.reasons.map((reason) => reason.message);
  };
}

/** Whether a login may apply the stack from a PR (write permission, and the stack's `githubAppliers`). */
async function mayApply(login: string, stack: StackConfig, deps: GitHubDeps): Promise<boolean> {
  const decision = mayApplyFromPr({
    login,
    permission: await deps.pullRequests.getPermission(login),
    repository: deps.config.repository,
    stack: stack.name,
    memberOf: await teamsOf(login, stack.githubAppliers, deps),
    ...(stack.githubAppliers ? { githubAppliers: stack.githubAppliers } : {}),
  });
  return decision.ok;
}

/**
 * A plan with risk flags needs `risk.approvals` approving reviews of the head commit by people who may apply
 * the stack, the applier not counted.
 */
export async function flaggedPlanProblem(
  pr: PullRequestInfo,
  reviews: readonly PullRequestReview[],
  stack: StackConfig,
  applier: string,
  deps: GitHubDeps,
): Promise<string | undefined> {
  const [plan] = await deps.store.listJobs({ stack: stack.name, action: 'plan', pr: pr.number, limit: 1 });
  const flags = plan?.summary?.risks?.length ?? 0;
  if (flags === 0) return undefined;
  const needed = approvalsNeeded(deps.config, stack);
  let counted = 0;
  for (const login of headApprovers({ pr, reviews, applier })) if (await mayApply(login, stack, deps)) counted += 1;
  if (counted >= needed) return undefined;
  return (
    `the plan has ${flags === 1 ? 'a risk flag' : `${flags} risk flags`}, so it needs ${needed} approving reviews of the ` +
    `head commit ${pr.headSha.slice(0, 7)} by people who may apply ${stack.name}, other than @${applier}; it has ${counted}`
  );
}

/** Why the requester may not apply the stack from this PR, or undefined when they may. */
async function refusalFor(
  pr: PullRequestInfo,
  reviews: readonly PullRequestReview[],
  stack: StackConfig,
  requester: Requester & { permission: RepositoryPermission },
  deps: GitHubDeps,
): Promise<string | undefined> {
  const who = mayApplyFromPr({
    login: requester.id,
    permission: requester.permission,
    repository: deps.config.repository,
    stack: stack.name,
    memberOf: await teamsOf(requester.id, stack.githubAppliers, deps),
    ...(stack.githubAppliers ? { githubAppliers: stack.githubAppliers } : {}),
  });
  if (!who.ok) return who.reason;
  const met = await requirementsFor(pr, reviews, stack, requester.id, deps.store);
  const unmet = met.ok ? [] : met.reasons.map((reason) => reason.message);
  const flagged = await flaggedPlanProblem(pr, reviews, stack, requester.id, deps);
  if (flagged) unmet.push(flagged);
  return unmet.length === 0 ? undefined : unmet.join('; ');
}

/**
 * Applies stacks from a PR: for each, who may apply on GitHub (write permission and the stack's
 * `githubAppliers`), then the stack's requirements (an approval by someone else and mergeability at the
 * head, a successful plan at the head); every unmet one is named. Then the saved plans are applied in
 * dependency order (`dependsOn`): a stack whose upstream stacks are in the request waits for their applies
 * and is planned again first; a stack whose upstream was refused is not applied.
 */
export async function applyPrStacks(
  pr: PullRequestInfo,
  stacks: readonly string[],
  requester: Requester,
  deps: GitHubDeps,
): Promise<StackResult[]> {
  const permission = await deps.pullRequests.getPermission(requester.id);
  const reviews = await countingReviews(await deps.pullRequests.listReviews(pr.number), deps.pullRequests);
  const known = deps.config.stacks.filter((candidate) => stacks.includes(candidate.name));
  const upstream = upstreamAmong(
    deps.config.stacks,
    known.map((stack) => stack.name),
  );
  const applies = new Map<string, Job>();
  const results: StackResult[] = [];
  for (const name of applyLayers(deps.config.stacks, [...upstream.keys()]).flat()) {
    const stack = known.find((candidate) => candidate.name === name);
    if (!stack) continue;
    const ups = upstream.get(name) ?? [];
    const missing = ups.filter((up) => !applies.has(up));
    if (missing.length > 0) {
      results.push({ stack: name, ok: false, text: `not applied: it depends on ${quoted(missing)}, not applied` });
      continue;
    }
    // Another PR's lock comes first: this PR has no plan of a stack someone else holds.
    const free = await checkLockFree(name, pr.number, deps);
    const refused = free.ok
      ? await refusalFor(pr, reviews, stack, { ...requester, permission }, deps)
      : describeRefusal(free);
    if (refused) {
      results.push({ stack: name, ok: false, text: refused });
      continue;
    }
    const after = ups.map((up) => applies.get(up)?.id ?? '');
    const applied = await requestApply({ stack: name, pr: pr.number, requester, after }, async () => undefined, deps);
    if (applied.ok) applies.set(name, applied.job);
    results.push(
      applied.ok
        ? { stack: name, ok: true, text: queuedText(applied.job, ups), job: applied.job }
        : { stack: name, ok: false, text: describeRefusal(applied) },
    );
  }
  return results;
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}

function queuedText(job: Job, upstream: readonly string[]): string {
  if (upstream.length === 0) return `apply ${job.id} queued`;
  return `apply ${job.id} waits for ${quoted(upstream)}, then plans again and applies if the changes are the same`;
}
