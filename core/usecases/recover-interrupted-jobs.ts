import { isFinished } from '../jobs/job';
import type { LostBuilds } from '../ports';
import type { DispatchDeps } from './deps';
import { failJob } from './fail-job';

/**
 * After a restart of the local bot, finds the jobs that were queued or running. A job whose build still runs (or
 * ended while the bot was down, leaving its end on disk) keeps its lock: the runner follows it and reports its end.
 * Only a job whose build is gone (or that had none yet) is failed, its lock released and its message updated, so no
 * lock outlives its job and none ends before it. (CodeBuild builds outlive the bot and report through EventBridge
 * or the poller, so this is for the local runner only.)
 * @returns how many jobs were failed.
 */
export async function recoverInterruptedJobs(
  deps: Pick<DispatchDeps, 'store' | 'clock' | 'reporter'> & { builds: LostBuilds },
): Promise<number> {
  const interrupted = await deps.store.listJobs({ status: ['queued', 'running'], limit: 1_000 });
  let failed = 0;
  for (const job of interrupted) {
    if (isFinished(job.status)) continue;
    if (job.build !== undefined && (await deps.builds.resume(job)) === 'resumed') continue;
    const reason = 'the bot restarted while this job was running and its build did not survive; run it again';
    if (await failJob(job, reason, deps)) failed++;
  }
  return failed;
}
