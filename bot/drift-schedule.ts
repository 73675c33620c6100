import { Cron } from 'croner';
import type { Config } from '../core/config/schema';
import type { RequestDeps } from '../core/usecases/deps';
import { driftSchedule, driftStacks, startDriftRun } from '../core/usecases/start-drift-checks';

/**
 * `drift.schedule` under `infrabot serve`: at each scheduled time, a run of every stack's drift check, at most
 * `drift.concurrency` at once (the others start as checks end). Each time is run once, even across restarts; a
 * time missed while the bot was down is not made up. Nothing is scheduled without `drift.schedule`.
 */
export function startDriftSchedule(
  config: Config,
  deps: RequestDeps,
  logError: (activity: string, error: unknown) => void,
): { stop(): void } {
  const schedule = config.drift?.schedule;
  if (!schedule) return { stop: () => {} };
  return runOnSchedule(schedule, (at) => {
    startDriftRun(at, driftStacks(config), driftSchedule, deps).catch((error: unknown) =>
      logError(`starting the drift checks scheduled at ${at.toISOString()}`, error),
    );
  });
}

/** Calls `onTick` with each scheduled time, in UTC, until `stop` is called: the timers stay out of the core. */
function runOnSchedule(expression: string, onTick: (at: Date) => void): { stop(): void } {
  const cron = new Cron(expression, { timezone: 'UTC', protect: true }, (self: Cron) => {
    onTick(self.currentRun() ?? new Date());
  });
  return { stop: () => cron.stop() };
}
