import { isFinished, type Job } from '../jobs/job';
import type { Lock } from './lock';

/**
 * The job that keeps a lock from being removed by hand: the lock's active job while it is queued or running.
 * Removing that lock would let a second job of the stack start beside it; the job is cancelled instead, and its
 * end releases the lock. A lock whose active job has ended (or is unknown) may be removed.
 */
export function jobBlockingUnlock(lock: Lock, activeJob: Job | undefined): Job | undefined {
  if (lock.activeJobId === undefined || activeJob?.id !== lock.activeJobId) return undefined;
  return isFinished(activeJob.status) ? undefined : activeJob;
}
