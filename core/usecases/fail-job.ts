import type { Job } from '../jobs/job';
import { advanceWaitingApplies } from './advance-waiting-applies';
import { auditJob } from './audit-job';
import type { DispatchDeps } from './deps';

/**
 * Marks a job failed (or `cancelled`, for a check skipped because its stack is busy) with a reason, releases the lock
 * it may hold (unless told it holds none), writes the audit line and reports the failure where the request came from;
 * applies waiting for it stop. Returns the failed job, or
 * undefined when the job had already finished (nothing is changed then).
 */
export async function failJob(
  job: Job,
  reason: string,
  deps: Pick<DispatchDeps, 'store' | 'clock' | 'reporter' | 'orderedApplies'>,
  holdsLock = true,
  status: 'failed' | 'cancelled' = 'failed',
): Promise<Job | undefined> {
  const now = deps.clock.now();
  if (holdsLock) await deps.store.releaseJobLock(job.stack, job.id, now);
  const failed = await deps.store.transitionJob(job.id, status, { reason, finishedAt: now.toISOString() });
  if (!failed) return undefined;
  await auditJob(deps.store, job, now, status, reason);
  await deps.reporter.jobFinished(failed, { job: failed });
  const { orderedApplies } = deps;
  if (orderedApplies) await advanceWaitingApplies(failed, { ...deps, orderedApplies });
  return failed;
}
