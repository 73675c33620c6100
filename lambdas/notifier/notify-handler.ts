import type { Context } from 'aws-lambda';
import { readCodeBuildEvent } from '../../adapters/aws/codebuild-event';
import { once } from '../shared/memo';
import { createObservability, logFailure, type Observability, recordJobEnd } from '../shared/observability';
import type { NotifierDeps } from './wiring';

export type NotifyResult = { handled: true; jobId: string; status: string } | { handled: false; why: string };

/**
 * The notifier Lambda, triggered by EventBridge `CodeBuild Build State Change` events: a finished infrabot
 * build is recorded, reported and its lock released (see `completeJob`). Events it cannot use are logged and
 * dropped; unexpected errors are thrown so that EventBridge delivers the event again.
 */
export function createNotifierHandler(loadDeps: () => Promise<NotifierDeps>, { logger, metrics }: Observability) {
  const deps = once(loadDeps);
  return async (event: unknown, context?: Context): Promise<NotifyResult> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    const reading = readCodeBuildEvent(event);
    if (reading.kind !== 'finished') {
      (reading.kind === 'invalid' ? logger.error : logger.info).call(logger, 'ignoring event', { why: reading.why });
      return { handled: false, why: reading.why };
    }
    const { outcome } = reading;
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
}

const observability = createObservability('infrabot-notifier');
/** The notifier Lambda's handler, wired from the environment on its first invocation. */
export const notifyHandler = createNotifierHandler(
  async () => (await import('./wiring')).notifierDeps(process.env, observability.logger),
  observability,
);
