import type { Config } from '../config/schema';
import type { Job } from '../jobs/job';
import { prLockTtlMs } from '../locks/lock-lifetime';
import type { BuildOutcome, Clock, JobReporter, Store } from '../ports';
import { failJob } from './fail-job';
import { renewJobLocks } from './renew-job-locks';

/**
 * How far back a sweep looks. The longest a job can hold anything is a PR's lock (14 days); an older job that
 * was never finished holds no live lock, so it is left alone, and the listing never reads all of history.
 */
export const sweepHorizonMs = prLockTtlMs;
/** How many in-flight jobs one sweep looks at, the newest first: one BatchGetBuilds call of 100 builds. */
export const sweepLimit = 100;
/** How long a job may stay queued when nothing says otherwise (the deployment derives its own, see docs/aws.md). */
export const defaultQueuedTimeoutMs = 15 * 60_000;

/** What the runner says of the builds of some running jobs. */
export interface BuildEnds {
  /** The end of every build that finished, as the runner's own report would have given it. */
  ended: BuildOutcome[];
  /** The job ids whose builds are still queued or running. */
  running: string[];
  /** Build ids the runner does not know. */
  missing: string[];
}

/** What recording one build's end did: recorded now, or not (recorded before, being recorded, unknown job). */
export type SweptCompletion = { recorded: true; job: Job } | { recorded: false; why: string };

export interface SweepDeps {
  config: Config;
  store: Store;
  clock: Clock;
  reporter: JobReporter;
  /** How the builds of these running jobs stand (CodeBuild's BatchGetBuilds on AWS). */
  buildEnds(running: readonly Job[]): Promise<BuildEnds>;
  /** Records a build's end through the very path its own report takes (on AWS: once per build id and result). */
  complete(outcome: BuildOutcome): Promise<SweptCompletion>;
}

export interface SweepOptions {
  /** A job still queued this long after it was requested will never be started by the dispatcher. */
  queuedTimeoutMs: number;
  /** Asked before each job: false stops the sweep (the Lambda is running out of time); the next sweep goes on. */
  keepGoing?: () => boolean;
}

/** A job the sweep could not finish; the next sweep tries again. */
export interface SweepFailure {
  jobId: string;
  activity: string;
  error: unknown;
}

export interface SweepReport {
  /** Running jobs with a build whose build was looked up. */
  checked: number;
  /** Of those, builds still queued or running (left alone). */
  stillRunning: number;
  /**
   * Jobs whose lock this sweep extended: those with a build still queued or running, and those running with no
   * build yet within the queued timeout (a dispatcher starting one). Their lock lasts the job timeout plus the
   * margin from now, so a build that waits in CodeBuild's queue never loses its lock.
   */
  renewedLocks: string[];
  /** Jobs whose build had ended and whose end the sweep recorded: the build's own report never arrived. */
  completed: Job[];
  /** Builds that had ended but whose end was already recorded (a report that came meanwhile, or another sweep). */
  alreadyRecorded: string[];
  /** Queued jobs the dispatcher never started, now failed, their lock released and their requester told. */
  unstarted: Job[];
  /** Running jobs with no build, started longer ago than the queued timeout: left to their lock's expiry. */
  withoutBuild: string[];
  /** Build ids of running jobs that the runner does not know. */
  missingBuilds: string[];
  failures: SweepFailure[];
  /** True when `keepGoing` stopped the sweep before it went through every job. */
  stoppedEarly: boolean;
}

/** The reason a job that was never started fails with, in words its requester understands. */
export function unstartedReason(queuedTimeoutMs: number): string {
  const minutes = Math.round(queuedTimeoutMs / 60_000);
  return `the dispatcher never started it: it was still queued after ${minutes} minutes (its hand-off was lost); run it again`;
}

/**
 * Finishes jobs whose end was never recorded, for a runner that reports ends asynchronously (CodeBuild through
 * EventBridge): running jobs whose build has ended are completed exactly as the build's own report would
 * complete them, and jobs still queued after `queuedTimeoutMs` are failed (`failJob`: the lock is released and
 * the requester told). The locks of jobs whose build is still queued or running are extended (`renewJobLocks`),
 * so a lock lasts as long as its job. Bounded: the newest 100 queued or running jobs of the last 14 days, one runner lookup.
 * Each job is handled on its own: one that fails is reported in `failures` and the others go on.
 */
export async function sweepJobs(deps: SweepDeps, options: SweepOptions): Promise<SweepReport> {
  const keepGoing = options.keepGoing ?? (() => true);
  const now = deps.clock.now();
  const inFlight = await deps.store.listJobs({
    status: ['queued', 'running'],
    createdSince: new Date(now.getTime() - sweepHorizonMs).toISOString(),
    limit: sweepLimit,
  });
  const running = inFlight.filter((job) => job.status === 'running' && job.build !== undefined);
  const ends = await deps.buildEnds(running);
  const report: SweepReport = {
    checked: running.length,
    stillRunning: ends.running.length,
    renewedLocks: [],
    completed: [],
    alreadyRecorded: [],
    unstarted: [],
    withoutBuild: [],
    missingBuilds: ends.missing,
    failures: [],
    stoppedEarly: false,
  };
  const cutoff = now.getTime() - options.queuedTimeoutMs;
  const startedBefore = (job: Job) => Date.parse(job.startedAt ?? job.createdAt) <= cutoff;
  const withoutBuild = inFlight.filter((job) => job.status === 'running' && job.build === undefined);
  report.withoutBuild = withoutBuild.filter(startedBefore).map((job) => job.id);
  const stillRunning = new Set(ends.running);
  const alive = inFlight.filter((job) => stillRunning.has(job.id));
  const attempt = async (jobId: string, activity: string, work: () => Promise<void>): Promise<boolean> => {
    if (!keepGoing()) {
      report.stoppedEarly = true;
      return false;
    }
    try {
      await work();
    } catch (error) {
      report.failures.push({ jobId, activity, error });
    }
    return true;
  };
  // The locks of live jobs first: a lock that lapses lets a second job of the stack start beside the first.
  for (const job of [...alive, ...withoutBuild.filter((candidate) => !startedBefore(candidate))]) {
    const went = await attempt(job.id, `extending the lock of job ${job.id}`, async () => {
      report.renewedLocks.push(...(await renewJobLocks([job], deps)));
    });
    if (!went) return report;
  }
  for (const outcome of ends.ended) {
    const went = await attempt(outcome.jobId, `recording the end of build ${outcome.buildId}`, async () => {
      const completion = await deps.complete(outcome);
      if (completion.recorded) report.completed.push(completion.job);
      else report.alreadyRecorded.push(outcome.jobId);
    });
    if (!went) return report;
  }
  const stale = inFlight.filter((job) => job.status === 'queued' && Date.parse(job.createdAt) <= cutoff);
  for (const job of stale) {
    const went = await attempt(job.id, `failing job ${job.id}, which was never started`, async () => {
      // Read again: the job may have moved since it was listed, and only a job still queued is failed.
      const current = await deps.store.getJob(job.id);
      if (current?.status !== 'queued') return;
      const failed = await failJob(current, unstartedReason(options.queuedTimeoutMs), deps);
      if (failed) report.unstarted.push(failed);
    });
    if (!went) return report;
  }
  return report;
}
