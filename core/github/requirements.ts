import type { Requirement } from '../config/schema';
import type { Job } from '../jobs/job';
import type { PullRequestInfo, PullRequestReview } from './pull-request';

/** Something an apply from a PR needs: the configured requirements, an open PR, a good plan at the head. */
export type ApplyCheck = Requirement | 'open' | 'plan';

/** A requirement that is not met, and what to do about it. */
export interface UnmetRequirement {
  requirement: ApplyCheck;
  message: string;
}

/** Every requirement met, or each unmet one named. */
export type RequirementsResult = { ok: true } | { ok: false; reasons: UnmetRequirement[] };

/** Everything needed to decide whether a stack may be applied from a PR. */
export interface ApplyFacts {
  pr: PullRequestInfo;
  reviews: readonly PullRequestReview[];
  /** GitHub login of the person applying. */
  applier: string;
  /** The stack's `requirements`. */
  requirements: readonly Requirement[];
  /** The newest plan job of the stack for this PR, whatever its commit or status. */
  latestPlan?: Job;
}

const mergeableStates: readonly string[] = ['clean', 'unstable', 'has_hooks'];

/**
 * Checks an apply from a PR against the stack's requirements. Every unmet requirement is named, so the
 * person applying can fix them all at once.
 */
export function checkApplyRequirements(facts: ApplyFacts): RequirementsResult {
  const reasons: UnmetRequirement[] = [];
  if (facts.pr.state !== 'open') {
    reasons.push({
      requirement: 'open',
      message: `PR #${facts.pr.number} is ${facts.pr.merged ? 'merged' : 'closed'}`,
    });
  }
  const plan = planProblem(facts);
  if (plan) reasons.push({ requirement: 'plan', message: plan });
  if (facts.requirements.includes('approved') && !isApprovedByOther(facts)) {
    reasons.push({
      requirement: 'approved',
      message: `it needs an approving review by someone other than @${facts.applier} on the head commit ${short(facts.pr.headSha)}`,
    });
  }
  if (facts.requirements.includes('mergeable')) {
    const problem = mergeableProblem(facts.pr);
    if (problem) reasons.push({ requirement: 'mergeable', message: problem });
  }
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

/** Whether someone other than the applier approved the PR's current head (and has not withdrawn it). */
export function isApprovedByOther(facts: Pick<ApplyFacts, 'pr' | 'reviews' | 'applier'>): boolean {
  return headApprovers(facts).length > 0;
}

/**
 * The logins (as reviewed) whose latest review approves the PR's current head, other than the applier: an
 * approval of an older commit, or one withdrawn by a later "request changes", does not count.
 */
export function headApprovers(facts: Pick<ApplyFacts, 'pr' | 'reviews' | 'applier'>): string[] {
  const latest = new Map<string, PullRequestReview>();
  for (const review of facts.reviews) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.login.toLowerCase(), review);
  }
  const applier = facts.applier.toLowerCase();
  return [...latest.entries()]
    .filter(
      ([login, review]) => login !== applier && review.state === 'APPROVED' && review.commitSha === facts.pr.headSha,
    )
    .map(([, review]) => review.login);
}

function planProblem(facts: ApplyFacts): string | undefined {
  const plan = facts.latestPlan;
  const head = short(facts.pr.headSha);
  if (!plan) return `there is no plan of this stack for the PR yet: comment \`/tf plan\` first`;
  if (plan.sha !== facts.pr.headSha) {
    return `the latest plan was made at ${short(plan.sha)}, not at the PR head ${head}: comment \`/tf plan\` again`;
  }
  if (plan.status === 'queued' || plan.status === 'running') return `the plan at ${head} has not finished yet`;
  if (plan.status !== 'succeeded')
    return `the plan at ${head} ${plan.status === 'failed' ? 'failed' : 'was cancelled'}`;
  return undefined;
}

function mergeableProblem(pr: PullRequestInfo): string | undefined {
  if (pr.mergeable === null) return 'GitHub has not decided yet whether the PR is mergeable: try again in a moment';
  if (!pr.mergeable) return 'the PR is not mergeable (it has conflicts with its base branch)';
  if (!mergeableStates.includes(pr.mergeableState)) {
    return `the PR is not mergeable yet (GitHub says "${pr.mergeableState}": required reviews or checks are missing, or the branch is behind)`;
  }
  return undefined;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
