import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Job } from '../../core/jobs/job';

/** The Powertools logger and metrics of one Lambda. */
export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/**
 * The logger and metrics of a Lambda named `service`. POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE
 * win when set (the deployment sets them); otherwise the service name and the `infrabot` namespace.
 */
export function createObservability(service: string): Observability {
  const env = process.env;
  const serviceName = env.POWERTOOLS_SERVICE_NAME || service;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE || 'infrabot', serviceName }),
  };
}

/** Logs an unexpected error with what was being done; the error's message and code, never a secret. */
export function logFailure(logger: Logger, activity: string, error: unknown): void {
  if (error instanceof Error) logger.error(activity, error);
  else logger.error(activity, { error: String(error) });
}

/** Counts a job that ended, and how long it ran (EMF: JobsSucceeded / JobsFailed and JobDuration). */
export function recordJobEnd(metrics: Metrics, job: Job): void {
  metrics.addMetric(job.status === 'succeeded' ? 'JobsSucceeded' : 'JobsFailed', MetricUnit.Count, 1);
  if (job.startedAt && job.finishedAt) {
    const seconds = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) metrics.addMetric('JobDuration', MetricUnit.Seconds, seconds);
  }
}

/** Counts a job whose build started (EMF: JobsStarted). */
export function recordJobStart(metrics: Metrics): void {
  metrics.addMetric('JobsStarted', MetricUnit.Count, 1);
}

/**
 * Counts what a sweep of the notifier did, every time (zeros included, so the series has no gaps): jobs whose
 * lost build end it recorded (EMF: StuckJobsCompleted) and jobs the dispatcher never started that it failed
 * (UnstartedJobsFailed).
 */
export function recordSweep(metrics: Metrics, counts: { completed: number; unstarted: number }): void {
  metrics.addMetric('StuckJobsCompleted', MetricUnit.Count, counts.completed);
  metrics.addMetric('UnstartedJobsFailed', MetricUnit.Count, counts.unstarted);
}
