import type { BuildOutcome, BuildResult } from '../../core/ports';
import type { LocalBuildEnd } from './local-build';

/** The build an outcome is about, and why the bot stopped it if it did (before its driver could say). */
export interface EndedBuild {
  jobId: string;
  buildId: string;
  logUrl: string;
  stopReason?: string;
  /** Set when the build ran past its timeout before its driver started (a checkout that hung). */
  timedOut?: string;
}

/** A local build's end as the runner reports it. */
export function toOutcome(build: EndedBuild, end: LocalBuildEnd): BuildOutcome {
  const base = { jobId: build.jobId, buildId: build.buildId, logUrl: build.logUrl };
  if (end.result === 'succeeded') return { ...base, result: 'succeeded' };
  if (end.result === 'failed') return { ...base, result: 'failed', detail: end.detail };
  const stopped = { ...base, endedCleanly: end.endedCleanly };
  if (end.stop?.kind === 'timed_out') return { ...stopped, result: 'timed_out', detail: end.stop.detail };
  if (end.stop === undefined && build.timedOut !== undefined) {
    return { ...stopped, result: 'timed_out', detail: build.timedOut };
  }
  const reason = end.stop?.reason ?? build.stopReason ?? 'the build was cancelled';
  return { ...stopped, result: 'stopped', detail: reason };
}

/** The last line of a build's log: `succeeded`, or the result and why. */
export function describeOutcome(outcome: BuildOutcome): string {
  return outcome.detail === undefined ? outcome.result : `${outcome.result}: ${outcome.detail}`;
}

export function isBuildResult(value: unknown): value is BuildResult {
  return value === 'succeeded' || value === 'failed' || value === 'stopped' || value === 'timed_out';
}

/** What a build that ran past its timeout says: the timeout as it was configured (`1h`, `30m`, `1500 ms`). */
export function timeoutDetail(ms: number): string {
  return `the build ran longer than its timeout of ${formatDuration(ms)}`;
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms} ms`;
}
