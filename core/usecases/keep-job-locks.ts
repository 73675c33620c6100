import type { Job } from '../jobs/job';
import type { Runner } from '../ports';
import { type RenewDeps, renewJobLocks } from './renew-job-locks';
import { defaultQueuedTimeoutMs } from './sweep-jobs';

export interface KeepLocksDeps extends RenewDeps {
  runner: Pick<Runner, 'status'>;
}

/** How many in-flight jobs one heartbeat looks at, the newest first (as many as a sweep). */
const keepLimit = 100;

/**
 * Whether a job's build still lives: a running job with no build yet is being started by the dispatcher, unless
 * it started longer than the queued timeout ago (its dispatch failed half-way: it is left to its lock's expiry or
 * a `/tf cancel`); a build the runner cannot answer for is kept (a lock held a little longer beats a second apply).
 */
async function isAlive(job: Job, runner: Pick<Runner, 'status'>, now: Date): Promise<boolean> {
  if (job.status !== 'running') return false;
  if (job.build === undefined) {
    return now.getTime() - Date.parse(job.startedAt ?? job.createdAt) < defaultQueuedTimeoutMs;
  }
  try {
    return (await runner.status(job.build.id)).state === 'running';
  } catch {
    return true;
  }
}

/**
 * The lock keeper of `infrabot serve`, run every minute: renews the locks of the running jobs whose build the
 * runner still has queued or running (see `renewJobLocks`). Jobs whose build ended are left to their end's
 * report, which releases the lock.
 */
export async function keepJobLocks(deps: KeepLocksDeps): Promise<string[]> {
  const running = await deps.store.listJobs({ status: ['running'], limit: keepLimit });
  const alive: Job[] = [];
  const now = deps.clock.now();
  for (const job of running) if (await isAlive(job, deps.runner, now)) alive.push(job);
  return renewJobLocks(alive, deps);
}
