import type { Config, StackConfig } from '../config/schema';
import type { Job, Requester } from '../jobs/job';
import { approvalsNeeded } from '../risk/risk-config';
import { githubLoginOf } from './apply-requirements';
import type { RequestDeps } from './deps';
import { type Outcome, refuse } from './refusal';

/** A requester's GitHub login when known: their own, the actor of a workflow run, or a Slack user's from `people`. */
function githubLogin(requester: Requester, config: Pick<Config, 'people'>): string | undefined {
  switch (requester.source) {
    case 'github':
      return requester.id;
    case 'actions':
      return requester.triggeredBy;
    case 'slack':
      return githubLoginOf(config, requester.id);
    case 'schedule':
      return undefined;
  }
}

/**
 * Whether two requesters are the same person: the same user through the same door, or the same GitHub login
 * (a Slack user's from `people`), so that whoever made a plan from a PR does not approve it again from Slack.
 */
export function samePerson(a: Requester, b: Requester, config: Pick<Config, 'people'>): boolean {
  if (a.source === b.source && a.id === b.id) return true;
  const login = githubLogin(a, config);
  return login !== undefined && login.toLowerCase() === githubLogin(b, config)?.toLowerCase();
}

async function audit(
  plan: Job,
  requester: Requester,
  outcome: 'accepted' | 'refused',
  detail: string,
  deps: RequestDeps,
) {
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: requester,
    action: 'tf.approve',
    target: plan.stack,
    outcome,
    jobId: plan.id,
    detail,
  });
}

/**
 * The second pair of eyes on a plan with risk flags, applied from Slack: each Apply or Approve click of an
 * applier records one approval of that plan (an audit line each); the apply goes ahead once `risk.approvals`
 * distinct appliers other than whoever made the plan have approved, and is refused with how many are
 * missing until then. The same person twice counts once. A plan without flags, or a request from GitHub
 * (checked against reviews by the caller), passes at once with no approvers.
 */
export async function approveFlaggedPlan(
  plan: Job,
  stack: StackConfig,
  requester: Requester,
  deps: RequestDeps,
): Promise<Outcome<{ approvers: readonly Requester[] }>> {
  if ((plan.summary?.risks ?? []).length === 0 || requester.source !== 'slack') return { ok: true, approvers: [] };
  const needed = approvalsNeeded(deps.config, stack);
  const counted = async () =>
    (await deps.store.listApprovals(plan.id))
      .map((approval) => approval.approver)
      .filter((approver) => !samePerson(approver, plan.requestedBy, deps.config));
  if (samePerson(requester, plan.requestedBy, deps.config)) {
    await audit(plan, requester, 'refused', 'made the plan, so the approval does not count', deps);
    return refuse({ reason: 'own_plan_approval', plan, needed, approvers: await counted() });
  }
  const added = await deps.store.addApproval({
    planJobId: plan.id,
    approver: requester,
    at: deps.clock.now().toISOString(),
  });
  const approvers = await counted();
  await audit(
    plan,
    requester,
    added ? 'accepted' : 'refused',
    `${added ? 'approval' : 'already approved'}: ${approvers.length} of ${needed}`,
    deps,
  );
  if (approvers.length >= needed) return { ok: true, approvers };
  return refuse({ reason: added ? 'needs_approvals' : 'already_approved', plan, needed, approvers });
}
