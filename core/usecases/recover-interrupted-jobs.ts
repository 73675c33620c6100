import { isFinished } from '../jobs/job';
import type { DispatchDeps } from './deps';
import { failJob } from './fail-job';

/**
 * After a restart of the local bot, jobs that were queued or running lost their builds with the process:
 * each is marked failed, its lock released, and its message updated, so no lock outlives its job.
 * (CodeBuild builds outlive the bot and report through EventBridge, so this is for the local runner only.)
 */
export async function recoverInterruptedJobs(
  deps: Pick<DispatchDeps, 'store' | 'clock' | 'reporter'>,
): Promise<number> {
  const interrupted = await deps.store.listJobs({ status: ['queued', 'running'], limit: 1_000 });
  let recovered = 0;
  for (const job of interrupted) {
    if (isFinished(job.status)) continue;
    if (await failJob(job, 'the bot restarted while this job was running; run it again', deps)) recovered++;
  }
  return recovered;
}
