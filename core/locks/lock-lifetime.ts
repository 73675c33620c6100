/** How long a PR keeps a stack it planned if it is never merged, closed or unlocked. */
export const prLockTtlMs = 14 * 24 * 3_600_000;
/** Margin over the job timeout before a job's lock can be taken over. */
export const lockMarginMs = 10 * 60_000;

/**
 * How long a job's lock lasts from the last moment its job was seen alive: when the lock was taken, and again at
 * every heartbeat while its build is queued or running (the AWS sweep, the local bot's lock keeper). A build
 * runs at most the job timeout from whenever it starts, so a lock renewed this way never ends before its job.
 */
export function jobLockTtlMs(jobTimeoutMs: number): number {
  return jobTimeoutMs + lockMarginMs;
}

/** The expiry a heartbeat at `now` gives the lock of a job that is still queued or running. */
export function renewedLockExpiry(now: Date, jobTimeoutMs: number): Date {
  return new Date(now.getTime() + jobLockTtlMs(jobTimeoutMs));
}
