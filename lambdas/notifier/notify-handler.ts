import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { readCodeBuildEvent } from '../../adapters/aws/codebuild-event';
import { readBuildStart } from '../../adapters/aws/codebuild-start-event';
import { readScheduledEvent, type ScheduledEvent } from '../../adapters/aws/scheduled-event';
import type { BuildOutcome } from '../../core/ports';
import type { SweepReport } from '../../core/usecases/sweep-jobs';
import { once } from '../shared/memo';
import {
  createObservability,
  logFailure,
  type Observability,
  recordJobEnd,
  recordSweep,
} from '../shared/observability';
import type { NotifierDeps } from './wiring';

/** What a sweep did, by job id. */
export interface SweepSummary {
  /** Running jobs whose build was looked up, and how many of those builds are still going. */
  checked: number;
  stillRunning: number;
  /** Jobs still queued or running whose lock was extended, so that it lasts as long as the job. */
  renewedLocks: string[];
  /** Jobs whose lost build end was recorded now. */
  completed: string[];
  /** Jobs whose build had ended and whose end was already recorded. */
  alreadyRecorded: string[];
  /** Queued jobs the dispatcher never started, failed now. */
  unstarted: string[];
  /** Running jobs with no build, left alone. */
  withoutBuild: string[];
  stoppedEarly: boolean;
}

export type NotifyResult =
  | { handled: true; jobId: string; status: string }
  /** A build left CodeBuild's queue; `lockExtended` says whether its job's lock moved. */
  | { handled: true; jobId: string; started: true; lockExtended: boolean }
  | { handled: true; sweep: SweepSummary }
  | { handled: false; why: string };

/** The events the notifier is for, named in the log line of any other input. */
const expected =
  'expected an EventBridge "CodeBuild Build State Change", "CodeBuild Build Phase Change" or "Scheduled Event"';

function summarize(report: SweepReport): SweepSummary {
  return {
    checked: report.checked,
    stillRunning: report.stillRunning,
    renewedLocks: report.renewedLocks,
    completed: report.completed.map((job) => job.id),
    alreadyRecorded: report.alreadyRecorded,
    unstarted: report.unstarted.map((job) => job.id),
    withoutBuild: report.withoutBuild,
    stoppedEarly: report.stoppedEarly,
  };
}

/**
 * The notifier Lambda, triggered by EventBridge:
 * - `CodeBuild Build State Change`: a finished infrabot build is recorded, reported and its lock released
 *   (see `completeJob`);
 * - `Scheduled Event` (the sweep rule, every 10 minutes): jobs whose end was lost are finished, and the locks of
 *   jobs still queued or running are extended (see `sweepJobs`);
 * - `CodeBuild Build Phase Change` of a `QUEUED` phase that ended: the build starts running, and its job's lock
 *   is extended to the job timeout plus the margin from now (see `renewLockOfStartedBuild`).
 * Events it cannot use are logged (no stack trace) and dropped; unexpected errors are thrown so that the event
 * is delivered again.
 */
export function createNotifierHandler(loadDeps: () => Promise<NotifierDeps>, { logger, metrics }: Observability) {
  const deps = once(loadDeps);

  const recordBuildEnd = async (outcome: BuildOutcome, context?: Context): Promise<NotifyResult> => {
    logger.appendKeys({ jobId: outcome.jobId, buildId: outcome.buildId, result: outcome.result });
    metrics.addMetadata('jobId', outcome.jobId);
    try {
      const { result, replayed } = await (await deps()).complete(outcome, context);
      if (replayed) {
        logger.info('build end already recorded: event delivered again');
        return { handled: false, why: 'duplicate' };
      }
      if (!result.ok) {
        logger.info('build end already recorded or unknown', { reason: result.reason });
        return { handled: false, why: result.reason };
      }
      recordJobEnd(metrics, result.job);
      logger.info('job finished', { status: result.job.status });
      return { handled: true, jobId: result.job.id, status: result.job.status };
    } catch (error) {
      logFailure(logger, `recording the end of build ${outcome.buildId}`, error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };

  /** With drift checks: the checks a run still waits for are started, and `DriftedStacks` is counted. */
  const tickDrift = async (): Promise<void> => {
    try {
      const tick = await (await deps()).driftTick();
      if (!tick) return;
      metrics.addMetric('DriftedStacks', MetricUnit.Count, tick.drifted);
      if (tick.started.length > 0) logger.info('started waiting drift checks', { stacks: tick.started });
    } catch (error) {
      // The sweep's own work goes on; the next sweep tries again.
      logFailure(logger, 'starting waiting drift checks', error);
    }
  };

  const recordBuildStart = async (jobId: string, buildId: string): Promise<NotifyResult> => {
    logger.appendKeys({ jobId, buildId });
    try {
      const lockExtended = await (await deps()).buildStarted(jobId);
      logger.info('build started', { lockExtended });
      return { handled: true, jobId, started: true, lockExtended };
    } catch (error) {
      logFailure(logger, `extending the lock of job ${jobId} as its build starts`, error);
      throw error;
    }
  };

  /** Logs and counts what a sweep did; returns it by job id. */
  const reportSweep = (report: SweepReport): SweepSummary => {
    for (const job of report.completed) {
      recordJobEnd(metrics, job);
      logger.warn('recorded the end of a build whose event never arrived', {
        jobId: job.id,
        buildId: job.build?.id,
        status: job.status,
      });
    }
    for (const job of report.unstarted) {
      recordJobEnd(metrics, job);
      logger.warn('failed a job the dispatcher never started', { jobId: job.id, createdAt: job.createdAt });
    }
    if (report.withoutBuild.length > 0) {
      logger.warn('running jobs with no build recorded: left to their lock expiry or /tf cancel', {
        jobIds: report.withoutBuild,
      });
    }
    if (report.missingBuilds.length > 0) {
      logger.warn('CodeBuild does not know the builds of these running jobs', { buildIds: report.missingBuilds });
    }
    for (const failure of report.failures)
      logFailure(logger, `${failure.activity} (job ${failure.jobId})`, failure.error);
    recordSweep(metrics, { completed: report.completed.length, unstarted: report.unstarted.length });
    metrics.publishStoredMetrics();
    const summary = summarize(report);
    logger.info('sweep done', { ...summary, failed: report.failures.map((failure) => failure.jobId) });
    return summary;
  };

  const sweep = async (event: ScheduledEvent, context?: Context): Promise<NotifyResult> => {
    logger.appendKeys({ scheduledAt: event.time });
    let report: SweepReport;
    try {
      report = await (await deps()).sweep(context);
    } catch (error) {
      logFailure(logger, 'sweeping jobs whose end was lost', error);
      throw error;
    }
    await tickDrift();
    const summary = reportSweep(report);
    if (report.failures.length > 0) {
      // Thrown once every other job was handled, so that the invocation is retried, then dead-lettered.
      const jobs = report.failures.map((failure) => failure.jobId).join(', ');
      throw new Error(`the sweep could not finish ${report.failures.length} job(s), see the errors above: ${jobs}`);
    }
    return { handled: true, sweep: summary };
  };

  return async (event: unknown, context?: Context): Promise<NotifyResult> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    const scheduled = readScheduledEvent(event);
    if (scheduled.kind === 'scheduled') return sweep(scheduled.event, context);
    if (scheduled.kind === 'invalid') {
      logger.error('refusing a scheduled event it cannot read', { why: scheduled.why });
      return { handled: false, why: scheduled.why };
    }
    const start = readBuildStart(event);
    if (start.kind === 'started') return recordBuildStart(start.jobId, start.buildId);
    if (start.kind !== 'other') {
      logger[start.kind === 'invalid' ? 'error' : 'info']('ignoring a phase change', { why: start.why });
      return { handled: false, why: start.why };
    }
    const reading = readCodeBuildEvent(event);
    if (reading.kind === 'invalid') {
      logger.error(`refusing an event it cannot read: ${expected}`, { why: reading.why });
      return { handled: false, why: reading.why };
    }
    if (reading.kind === 'ignored') {
      logger.info('ignoring event', { why: reading.why });
      return { handled: false, why: reading.why };
    }
    return recordBuildEnd(reading.outcome, context);
  };
}

const observability = createObservability('infrabot-notifier');
/** The notifier Lambda's handler, wired from the environment on its first invocation. */
export const notifyHandler = createNotifierHandler(
  async () => (await import('./wiring')).notifierDeps(process.env, observability.logger),
  observability,
);
