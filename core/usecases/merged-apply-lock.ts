import type { Job } from '../jobs/job';
import type { LockOwner } from '../locks/lock';
import { prLockTtlMs } from '../locks/lock-lifetime';
import type { Clock, LockStore } from '../ports';

/**
 * The end of an apply after a merge (`applyOn: merge`) decides the PR's lock on its stack, which the PR kept
 * past its merge for it: an apply that succeeded, or that never ran (its new plan differed, an upstream
 * failed, its build never started), frees the stack. An apply that failed leaves the default branch ahead of the
 * infrastructure, so the stack stays locked by the PR as needing attention, until it is unlocked (`/tf unlock` on
 * the PR, or an admin).
 */
export async function settleMergedApplyLock(job: Job, deps: { store: LockStore; clock: Clock }): Promise<void> {
  if (job.action !== 'apply' || !job.order?.merged || job.pr === undefined) return;
  const owner: LockOwner = { kind: 'pr', pr: job.pr };
  await deps.store.releaseLock(job.stack, owner);
  // No build recorded: the apply failed before Terraform ran (the dispatcher or the runner could not start it).
  if (job.status !== 'failed' || job.build === undefined) return;
  const now = deps.clock.now();
  const heldBy = `needs attention: its apply ${job.id} after the merge failed`;
  await deps.store.acquireLock({ stack: job.stack, owner, jobId: job.id, heldBy, ttlMs: prLockTtlMs }, now);
  await deps.store.releaseJobLock(job.stack, job.id, now);
}
