import type { Context } from 'aws-lambda';
import * as z from '../../core/zod';
import { once } from '../shared/memo';
import { createObservability, logFailure, type Observability } from '../shared/observability';
import { type DriftRun, DriftRunEventSchema } from './drift-event';
import type { HttpResponse, SlackHttpHandler } from './wiring';

/** The parts of a Function URL request (payload 2.0) the bot reads. */
const HttpRequestSchema = z.looseObject({
  headers: z.record(z.string(), z.optional(z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  rawPath: z.optional(z.string()),
});

/**
 * The bot Lambda, behind a Function URL: each Slack request goes to the Bolt app, which checks its signature,
 * acks, records the request and hands the job to the dispatcher without waiting on any build.
 */
export function createBotHandler(
  loadApp: () => Promise<SlackHttpHandler>,
  { logger }: Observability,
  loadDriftRun?: () => Promise<DriftRun>,
) {
  const app = once(loadApp);
  const driftRun = loadDriftRun && once(loadDriftRun);
  return async (event: unknown, context?: Context): Promise<HttpResponse> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    const drift = DriftRunEventSchema.safeParse(event);
    if (drift.success && driftRun) return runDrift(new Date(drift.data.scheduledTime), driftRun, logger);
    const request = HttpRequestSchema.safeParse(event);
    if (!request.success) {
      logger.error('refusing an event that is not an HTTP request', { problems: z.prettifyError(request.error) });
      return { statusCode: 400, body: 'expected an HTTP request from a Lambda Function URL' };
    }
    try {
      return await (await app())(request.data, context);
    } catch (error) {
      logFailure(logger, `answering a request to ${request.data.rawPath ?? '/'}`, error);
      return { statusCode: 500, body: '' };
    }
  };
}

/**
 * A scheduled drift run (EventBridge Scheduler): starts the first checks and logs what it did. A failure is
 * thrown, so that the scheduler retries; the run is claimed in the store, so a retry never runs it twice.
 */
async function runDrift(at: Date, driftRun: () => Promise<DriftRun>, logger: Observability['logger']) {
  logger.appendKeys({ scheduledAt: at.toISOString() });
  try {
    const start = await (await driftRun())(at);
    if (!start) logger.info('drift run already started, or drift is not configured');
    else logger.info('drift run started', { started: start.started, skipped: start.skipped, waiting: start.waiting });
    return { statusCode: 200, body: JSON.stringify(start ?? { started: [], skipped: [], waiting: 0 }) };
  } catch (error) {
    logFailure(logger, `starting the drift checks scheduled at ${at.toISOString()}`, error);
    throw error;
  }
}

const observability = createObservability('infrabot-bot');
/** The bot Lambda's handler, wired from the environment on its first invocation. */
export const botHandler = createBotHandler(
  async () => (await import('./wiring')).botHttpHandler(process.env, observability.logger),
  observability,
  async () => (await import('./drift-run')).botDriftRun(process.env, observability.logger),
);
