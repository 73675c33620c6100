import type { Context } from 'aws-lambda';
import type { Job } from '../../core/jobs/job';
import { type JobRequest, JobRequestSchema } from '../../core/jobs/job-request';
import type { DispatchDeps } from '../../core/usecases/deps';
import { dispatchJob } from '../../core/usecases/dispatch-job';
import type { Outcome } from '../../core/usecases/refusal';
import * as z from '../../core/zod';
import { once } from '../shared/memo';
import { createObservability, logFailure, type Observability, recordJobStart } from '../shared/observability';

export type DispatchResult = { ok: true; jobId: string; buildId?: string } | { ok: false; reason: string };

/**
 * The dispatcher Lambda, invoked asynchronously with a job request: it starts the job's build (see
 * `dispatchJob`). A refusal is reported where the request came from; only unexpected errors are thrown,
 * so that Lambda retries them (the same request never starts a second build).
 */
export function createDispatcherHandler(loadDeps: () => Promise<DispatchDeps>, { logger, metrics }: Observability) {
  const deps = once(loadDeps);
  return async (event: unknown, context?: Context): Promise<DispatchResult> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    const request = JobRequestSchema.safeParse(event);
    if (!request.success) {
      logger.error('refusing an invalid job request', { problems: z.prettifyError(request.error) });
      return { ok: false, reason: 'invalid_request' };
    }
    logger.appendKeys({ jobId: request.data.jobId, stack: request.data.stack, action: request.data.action });
    metrics.addMetadata('jobId', request.data.jobId);
    try {
      const outcome = await dispatchAndSettle(request.data, await deps());
      if (outcome.ok) {
        recordJobStart(metrics);
        logger.info('build started', { buildId: outcome.job.build?.id });
        return { ok: true, jobId: outcome.job.id, ...(outcome.job.build ? { buildId: outcome.job.build.id } : {}) };
      }
      if (outcome.reason !== 'duplicate') metrics.addMetric('JobsFailed', 'Count', 1);
      logger.warn('job not started', { reason: outcome.reason });
      return { ok: false, reason: outcome.reason };
    } catch (error) {
      logFailure(logger, `dispatching job ${request.data.jobId}`, error);
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

/**
 * Starts the job's build, then waits for the reports queued meanwhile (the PR's pending status, paced with
 * GitHub's other writes): Lambda freezes the process once the handler returns, and a queued write would wait
 * for the next invocation.
 */
async function dispatchAndSettle(request: JobRequest, deps: DispatchDeps): Promise<Outcome<{ job: Job }>> {
  try {
    return await dispatchJob(request, deps);
  } finally {
    await deps.reporter.settled();
  }
}

const observability = createObservability('infrabot-dispatcher');
/** The dispatcher Lambda's handler, wired from the environment on its first invocation. */
export const dispatchHandler = createDispatcherHandler(
  async () => (await import('./wiring')).dispatcherDeps(process.env, observability.logger),
  observability,
);
