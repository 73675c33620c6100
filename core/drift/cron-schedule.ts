import { Cron } from 'croner';

/**
 * The drift schedule: a five-field cron expression (minute hour day-of-month month day-of-week), in UTC, read
 * by croner. Seconds and years are refused, so that the same expression means the same on one machine and in
 * EventBridge Scheduler.
 */
export type CronCheck = { ok: true } | { ok: false; message: string };

function pattern(expression: string): Cron {
  return new Cron(expression, { timezone: 'UTC', paused: true });
}

/** Whether `expression` is a five-field cron expression croner accepts; the message says what is wrong. */
export function checkCron(expression: string): CronCheck {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return { ok: false, message: `expected five cron fields (minute hour day month weekday), got ${fields.length}` };
  }
  try {
    pattern(expression).stop();
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return { ok: false, message: `not a cron expression: ${message}` };
  }
}

/** The next `count` times the schedule runs after `from`. */
export function nextRuns(expression: string, count: number, from: Date): Date[] {
  const cron = pattern(expression);
  const runs = cron.nextRuns(count, from);
  cron.stop();
  return runs;
}
