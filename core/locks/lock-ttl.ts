/** How long a PR keeps a stack it planned if it is never merged, closed or unlocked. */
export const prLockTtlMs = 14 * 24 * 3_600_000;
/** Margin over the job timeout before a job's lock can be taken over. */
export const lockMarginMs = 10 * 60_000;
