import type { Job } from '../jobs/job';
import { auditJob } from './audit-job';
import type { DispatchDeps } from './deps';

/**
 * Ends a job `failed` (or `cancelled`) with a reason: releases the lock it may hold (unless told it holds none)
 * and writes the audit line. Returns the ended job, or undefined when it had already finished (nothing is changed
 * then). Nothing is reported: see `recordFailure`.
 */
export async function endWithoutReport(
  job: Job,
  reason: string,
  deps: Pick<DispatchDeps, 'store' | 'clock'>,
  holdsLock = true,
  status: 'failed' | 'cancelled' = 'failed',
): Promise<Job | undefined> {
  const now = deps.clock.now();
  if (holdsLock) await deps.store.releaseJobLock(job.stack, job.id, now);
  const ended = await deps.store.transitionJob(job.id, status, { reason, finishedAt: now.toISOString() });
  if (!ended) return undefined;
  await auditJob(deps.store, job, now, status, reason);
  return ended;
}

/**
 * Ends a job as `endWithoutReport` does and reports it where the request came from. What waits for the job is not
 * moved on here (see `failJob`).
 */
export async function recordFailure(
  job: Job,
  reason: string,
  deps: Pick<DispatchDeps, 'store' | 'clock' | 'reporter'>,
  holdsLock = true,
  status: 'failed' | 'cancelled' = 'failed',
): Promise<Job | undefined> {
  const failed = await endWithoutReport(job, reason, deps, holdsLock, status);
  if (failed) await deps.reporter.jobFinished(failed, { job: failed });
  return failed;
}

/** An error's message followed by its causes' (`handing job … to the dispatcher lambda …: not authorized …`). */
export function errorWithCauses(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current !== undefined && messages.length < 5) {
    messages.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return messages.join(': ');
}
