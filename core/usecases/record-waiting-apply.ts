import type { ApplyOrder, Job } from '../jobs/job';
import { auditJob } from './audit-job';
import type { RequestDeps } from './deps';
import { type Announce, type NewJob, newJob, recordAnnounced } from './submit-job';

/**
 * Records an apply that waits (status `waiting`) for what `order` names, announces it (its Slack message, for
 * requests from Slack) and writes its audit line. Nothing is dispatched: `advanceWaitingApplies` queues it
 * when its upstream applies and its new plan allow.
 */
export async function recordWaitingApply(
  spec: NewJob,
  order: ApplyOrder,
  announce: Announce,
  deps: Pick<RequestDeps, 'store' | 'clock' | 'randomId'>,
): Promise<Job> {
  const now = deps.clock.now();
  const job = await recordAnnounced({ ...newJob(spec, 'waiting', now, deps.randomId), order }, announce, deps);
  const waits = order.upstream.length > 0 ? `for ${order.upstream.join(', ')}, then` : 'to';
  await auditJob(deps.store, job, now, 'accepted', `waits ${waits} plan again at ${order.replanAt}`);
  return job;
}
