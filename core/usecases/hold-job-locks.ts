import type { Config } from '../config/schema';
import type { Job } from '../jobs/job';
import type { Clock, Runner, Store } from '../ports';
import { lockMarginMs } from './dispatch-job';

/** How long a job's lock lasts from the moment it is taken or last extended: the job timeout plus a margin. */
export function jobLockTtlMs(config: Config): number {
  return config.jobs.timeout + lockMarginMs;
}

/**
 * Extends the locks of jobs whose builds still live to a full TTL from now, so a lock never expires under a
 * build that waited in a queue or runs long; a lock the job no longer holds is left alone. Returns the jobs
 * that hold their lock.
 */
export async function extendJobLocks(
  jobs: readonly Job[],
  deps: { store: Store; clock: Clock },
  ttlMs: number,
): Promise<Job[]> {
  const until = new Date(deps.clock.now().getTime() + ttlMs);
  const held: Job[] = [];
  for (const job of jobs) {
    if (await deps.store.extendJobLock(job.stack, job.id, until)) held.push(job);
  }
  return held;
}

/**
 * The local bot's heartbeat: every queued or running job whose build the runner still has (queued or running)
 * keeps its lock for another TTL. Run it well within the margin (every minute).
 */
export async function holdLocksOfLiveJobs(deps: {
  store: Store;
  clock: Clock;
  config: Config;
  runner: Runner;
}): Promise<Job[]> {
  const inFlight = await deps.store.listJobs({ status: ['queued', 'running'], limit: 1_000 });
  const live: Job[] = [];
  for (const job of inFlight) {
    if (job.build === undefined) continue;
    if ((await deps.runner.status(job.build.id)).state === 'running') live.push(job);
  }
  return extendJobLocks(live, deps, jobLockTtlMs(deps.config));
}
