import { isFinished, type Job } from '../jobs/job';
import type { BuildRecovery } from '../ports';
import type { DispatchDeps } from './deps';
import { failJob } from './fail-job';

/** What a restart found: jobs whose build still runs (they keep their lock), and jobs it had to fail. */
export interface Recovery {
  stillRunning: Job[];
  ended: Job[];
  failed: Job[];
}

/**
 * After a restart of the local bot, finds the builds of jobs that were queued or running: a build that still
 * runs keeps its job's lock and is watched until it ends; one that ended meanwhile is reported from what it
 * left on disk; only a job whose build is gone (or never started) is failed and its lock released, so no lock
 * outlives its job and no second job of a stack starts beside a terraform that is still running.
 */
export async function recoverInterruptedJobs(
  deps: Pick<DispatchDeps, 'store' | 'clock' | 'reporter'> & { recovery: BuildRecovery },
): Promise<Recovery> {
  const interrupted = await deps.store.listJobs({ status: ['queued', 'running'], limit: 1_000 });
  const recovery: Recovery = { stillRunning: [], ended: [], failed: [] };
  for (const job of interrupted) {
    if (isFinished(job.status)) continue;
    const found = job.build === undefined ? 'lost' : await deps.recovery.reattach(job);
    if (found === 'running') recovery.stillRunning.push(job);
    else if (found === 'ended') recovery.ended.push(job);
    else {
      const failed = await failJob(job, 'the bot restarted and its build was gone; run it again', deps);
      if (failed) recovery.failed.push(failed);
    }
  }
  return recovery;
}
