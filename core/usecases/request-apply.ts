import type { StackConfig } from '../config/schema';
import { type Job, queryKindOf, type Requester } from '../jobs/job';
import { mayApplyFromSlack, offersApplyButton } from '../policy/authorize';
import { requirementsRefusal } from './apply-requirements';
import { approveFlaggedPlan } from './approve-apply';
import type { RequestDeps } from './deps';
import { findStack } from './find-stack';
import { recordWaitingApply } from './record-waiting-apply';
import { type Outcome, type Refusal, refuse } from './refusal';
import { type Announce, checkLockFree, type NewJob, submitJob } from './submit-job';

export interface ApplyRequest {
  stack: string;
  /**
   * The plan the user chose: the one they clicked Apply on, or named in `/tf apply <stack> <plan-job-id>`. When
   * absent, the latest successful plan of the stack that people asked for, never a drift check's (of the PR, for
   * requests from GitHub); from Slack, only if the requester made it themselves, so that nobody applies a plan
   * they have not seen.
   */
  planJobId?: string;
  pr?: number;
  /**
   * Requests from Slack are checked against the stack's `appliers` here; requests from GitHub must be
   * authorized by the caller (write permission and the stack's requirements) before calling.
   */
  requester: Requester;
  /**
   * The applies (job ids) of the stacks this one depends on, in the same request: the apply waits for them
   * (status `waiting`), then the stack is planned again, and it is applied only if that plan makes the same
   * changes (see `advanceWaitingApplies`).
   */
  after?: readonly string[];
}

/**
 * Someone in Slack who names no plan applies only a plan they made: another person may have planned the stack
 * (perhaps another branch) since the plan they reviewed. Someone else's plan is applied by naming it.
 */
async function someoneElsesPlan(
  plan: Job,
  stack: StackConfig,
  request: ApplyRequest,
  deps: RequestDeps,
): Promise<Refusal | undefined> {
  const { requester } = request;
  if (request.planJobId !== undefined || requester.source !== 'slack') return undefined;
  if (plan.requestedBy.source === 'slack' && plan.requestedBy.id === requester.id) return undefined;
  return {
    reason: 'plan_by_someone_else',
    plan,
    ageMs: deps.clock.now().getTime() - Date.parse(plan.finishedAt ?? plan.createdAt),
    applyButton: plan.reply !== undefined && (await offersApplyButton(plan, stack, deps.directory)),
  };
}

/**
 * Why a plan of a branch is no longer of its head, asked of the repository now: the branch has moved, or the
 * repository cannot say where it is. A branch deleted since is not a reason (its plan is still what was seen).
 */
async function staleness(plan: Job, deps: RequestDeps): Promise<Refusal | undefined> {
  if (plan.ref === undefined) return undefined;
  const head = await deps.commits.resolve(plan.ref);
  if (head.status === 'unreachable') return { reason: 'repository_unreachable', ref: plan.ref, why: head.why };
  if (head.status === 'found' && head.sha !== plan.sha) return { reason: 'plan_stale', plan, headSha: head.sha };
  return undefined;
}

/**
 * The latest successful plan of the stack of the kind asked for (a person's plan, or a drift check's), checked to
 * be the one asked for (from Slack with no plan named: one the requester made), fresh, current and not applied.
 */
async function applicablePlan(
  stack: StackConfig,
  request: ApplyRequest,
  deps: RequestDeps,
): Promise<Outcome<{ plan: Job }>> {
  const asked = request.planJobId === undefined ? undefined : await deps.store.getJob(request.planJobId);
  if (request.planJobId !== undefined && (!asked || asked.stack !== stack.name || asked.action !== 'plan')) {
    return refuse({ reason: 'unknown_job', jobId: request.planJobId });
  }
  // Only a plan of the same kind supersedes: a drift check is no newer version of a person's plan, nor the reverse.
  const [latest] = await deps.store.listJobs({
    stack: stack.name,
    action: 'plan',
    kind: asked ? queryKindOf(asked) : 'ordinary',
    status: ['succeeded'],
    limit: 1,
    ...(request.pr !== undefined ? { pr: request.pr } : {}),
  });
  if (asked) {
    if (asked.status !== 'succeeded') return refuse({ reason: 'plan_not_succeeded', plan: asked });
    if (latest && latest.id !== asked.id) return refuse({ reason: 'plan_superseded', plan: asked, latest });
  }
  if (!latest) return refuse({ reason: 'no_plan', stack: stack.name });
  const age = deps.clock.now().getTime() - Date.parse(latest.finishedAt ?? latest.createdAt);
  if (age > deps.config.jobs.maxPlanAge) {
    return refuse({ reason: 'plan_too_old', plan: latest, maxAgeMs: deps.config.jobs.maxPlanAge });
  }
  const stale = await staleness(latest, deps);
  if (stale) return refuse(stale);
  if (latest.summary && !latest.summary.hasChanges) return refuse({ reason: 'no_changes', plan: latest });
  const [previous] = await deps.store
    .listJobs({ stack: stack.name, action: 'apply', limit: 20 })
    .then((applies) =>
      applies.filter(
        (apply) => apply.planJobId === latest.id && apply.status !== 'failed' && apply.status !== 'cancelled',
      ),
    );
  if (previous) return refuse({ reason: 'already_applied', plan: latest, apply: previous });
  const notTheirs = await someoneElsesPlan(latest, stack, request, deps);
  if (notTheirs) return refuse(notTheirs);
  return { ok: true, plan: latest };
}

/**
 * Validates an apply request: who asks, which plan (the latest, same commit, fresh, with changes, not applied yet;
 * from Slack, named or the requester's own), the stack's requirements (see `requirementsRefusal`), the approvals
 * a plan with risk flags needs (see `approveFlaggedPlan`) and the lock; then queues the apply of exactly that
 * saved plan, or records it waiting for the applies it comes `after`. `approvedBy` names who approved a flagged plan.
 */
export async function requestApply(
  request: ApplyRequest,
  announce: Announce,
  deps: RequestDeps,
): Promise<Outcome<{ job: Job; approvedBy: readonly Requester[] }>> {
  const found = findStack(deps.config, request.stack);
  if (!found.ok) return found;
  if (request.requester.source === 'slack') {
    const decision = await mayApplyFromSlack(found.stack, request.requester.id, deps.directory);
    if (!decision.allowed) return refuse({ reason: 'not_authorized', why: decision.why });
  }
  const planned = await applicablePlan(found.stack, request, deps);
  if (!planned.ok) return planned;
  const { pr } = planned.plan;
  if (found.stack.applyOn === 'merge' && pr !== undefined) {
    return refuse({ reason: 'applies_on_merge', plan: { ...planned.plan, pr } });
  }
  const unmet = await requirementsRefusal(planned.plan, found.stack, request.requester, deps);
  if (unmet) return refuse(unmet);
  const approved = await approveFlaggedPlan(planned.plan, found.stack, request.requester, deps);
  if (!approved.ok) return approved;
  const free = await checkLockFree(found.stack.name, planned.plan.pr, deps);
  if (!free.ok) return free;
  const spec: NewJob = {
    action: 'apply',
    stack: found.stack,
    sha: planned.plan.sha,
    planJobId: planned.plan.id,
    requester: request.requester,
    ...(planned.plan.ref !== undefined ? { ref: planned.plan.ref } : {}),
    ...(planned.plan.pr !== undefined ? { pr: planned.plan.pr } : {}),
  };
  if (request.after && request.after.length > 0) {
    const order = { upstream: [...request.after], replanAt: planned.plan.sha };
    const waiting = await recordWaitingApply(spec, order, announce, deps);
    return { ok: true, job: waiting, approvedBy: approved.approvers };
  }
  const submitted = await submitJob(spec, announce, deps);
  return submitted.ok ? { ...submitted, approvedBy: approved.approvers } : submitted;
}
