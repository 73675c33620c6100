import type { BuildOutcome, BuildResult } from '../../core/ports';
import type { LocalBuildEnd } from './local-build';

/** The build an outcome is about, and why the bot stopped it if it did (before its driver could say). */
export interface EndedBuild {
  jobId: string;
  buildId: string;
  logUrl: string;
  stopReason?: string;
}

/** A local build's end as the runner reports it. */
export function toOutcome(build: EndedBuild, end: LocalBuildEnd): BuildOutcome {
  const base = { jobId: build.jobId, buildId: build.buildId, logUrl: build.logUrl };
  if (end.result === 'succeeded') return { ...base, result: 'succeeded' };
  if (end.result === 'failed') return { ...base, result: 'failed', detail: end.detail };
  const stopped = { ...base, endedCleanly: end.endedCleanly };
  if (end.stop?.kind === 'timed_out') return { ...stopped, result: 'timed_out', detail: end.stop.detail };
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
