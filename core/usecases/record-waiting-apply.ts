import { type ApplyOrder, type Job, newJobId } from '../jobs/job';
import { auditJob } from './audit-job';
import type { RequestDeps } from './deps';
import type { Announce, NewJob } from './submit-job';

/**
 * Records an apply that waits (status `waiting`) for what `order` names, announces it (its Slack message, for
 * requests from Slack) and writes its audit line. Nothing
 * is dispatched: `advanceWaitingApplies` queues it when its upstream applies and its new plan allow.
 */
export async function recordWaitingApply(
  spec: NewJob,
  order: ApplyOrder,
  announce: Announce,
  deps: Pick<RequestDeps, 'store' | 'clock' | 'randomId'>,
): Promise<Job> {
  const now = deps.clock.now();
  const job: Job = {
    id: newJobId(now, deps.randomId),
    action: 'apply',
    stack: spec.stack.name,
    sha: spec.sha,
    requestedBy: spec.requester,
    status: 'waiting',
    createdAt: now.toISOString(),
    order,
    ...(spec.ref !== undefined && spec.ref !== spec.sha ? { ref: spec.ref } : {}),
    ...(spec.pr !== undefined ? { pr: spec.pr } : {}),
    ...(spec.planJobId !== undefined ? { planJobId: spec.planJobId } : {}),
  };
  const reply = await announce(job);
  if (reply) job.reply = reply;
  await deps.store.createJob(job);
  const waits = order.upstream.length > 0 ? `for ${order.upstream.join(', ')}, then` : 'to';
  await auditJob(deps.store, job, now, 'accepted', `waits ${waits} plan again at ${order.replanAt}`);
  return job;
}
