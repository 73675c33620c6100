import type { Clock, Sleep } from '../ports';

/** How a poll loop waits: delays double from `firstDelayMs` up to `maxDelayMs`, and it stops at the deadline. */
export interface PollTiming {
  /** How long the loop may run, from its start. */
  deadlineMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failed checks in a row that are tolerated (a throttled read) before the last error is thrown. */
  maxConsecutiveErrors?: number;
}

export type PollResult<T> = { done: true; value: T } | { done: false; value: T | undefined };

/**
 * Checks something until `isDone` says so or the deadline passes, waiting with exponential backoff between
 * checks (never past the deadline). The first check comes after the first delay.
 */
export async function pollUntil<T>(
  check: () => Promise<T>,
  isDone: (value: T) => boolean,
  timing: PollTiming,
  clock: Clock,
  sleep: Sleep,
): Promise<PollResult<T>> {
  const end = clock.now().getTime() + timing.deadlineMs;
  let delay = timing.firstDelayMs;
  let last: T | undefined;
  let errors = 0;
  for (;;) {
    const remaining = end - clock.now().getTime();
    if (remaining <= 0) return { done: false, value: last };
    await sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 2, timing.maxDelayMs);
    try {
      last = await check();
      errors = 0;
    } catch (error) {
      errors += 1;
      if (errors > (timing.maxConsecutiveErrors ?? 2)) throw error;
      continue;
    }
    if (isDone(last)) return { done: true, value: last };
  }
}
