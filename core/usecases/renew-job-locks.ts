import type { Config } from '../config/schema';
import type { Job } from '../jobs/job';
import { renewedLockExpiry } from '../locks/lock-lifetime';
import type { Clock, Store } from '../ports';

export interface RenewDeps {
  config: Config;
  store: Store;
  clock: Clock;
}

/**
 * The heartbeat of jobs seen alive: each one's lock is pushed to the job timeout plus the margin from now
 * (`renewedLockExpiry`), so a build that waits in a queue, then runs up to its timeout, never outlives its lock.
 * Only a lock the job still runs under moves; returns the ids of the jobs whose lock was extended.
 */
export async function renewJobLocks(alive: readonly Job[], deps: RenewDeps): Promise<string[]> {
  const until = renewedLockExpiry(deps.clock.now(), deps.config.jobs.timeout);
  const renewed: string[] = [];
  for (const job of alive) {
    if (await deps.store.extendJobLock(job.stack, job.id, until)) renewed.push(job.id);
  }
  return renewed;
}

/**
 * A build has just left its queue (CodeBuild's `QUEUED` phase ended): it runs at most the job timeout from now,
 * so its job's lock is extended to that plus the margin. Returns whether the lock moved; a job that is not
 * running (ended meanwhile, unknown) changes nothing.
 */
export async function renewLockOfStartedBuild(jobId: string, deps: RenewDeps): Promise<boolean> {
  const job = await deps.store.getJob(jobId);
  if (job?.status !== 'running') return false;
  return (await renewJobLocks([job], deps)).length === 1;
}
