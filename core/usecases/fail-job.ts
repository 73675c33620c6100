import type { Job } from '../jobs/job';
import { advanceWaitingApplies } from './advance-waiting-applies';
import type { DispatchDeps } from './deps';
import { recordFailure } from './record-failure';

/**
 * Marks a job failed (or `cancelled`, for a check skipped because its stack is busy) with a reason, releases the lock
 * it may hold (unless told it holds none), writes the audit line and reports the failure where the request came from
 * (see `recordFailure`); applies waiting for it stop. Returns the failed job, or undefined when the job had already
 * finished (nothing is changed then).
 */
export async function failJob(
  job: Job,
  reason: string,
  deps: Pick<DispatchDeps, 'store' | 'clock' | 'reporter' | 'orderedApplies'>,
  holdsLock = true,
  status: 'failed' | 'cancelled' = 'failed',
): Promise<Job | undefined> {
  const failed = await recordFailure(job, reason, deps, holdsLock, status);
  if (!failed) return undefined;
  const { orderedApplies } = deps;
  if (orderedApplies) await advanceWaitingApplies(failed, { ...deps, orderedApplies });
  return failed;
}
