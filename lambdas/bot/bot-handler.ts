import type { Context } from 'aws-lambda';
import * as z from '../../core/zod';
import { once } from '../shared/memo';
import { createObservability, logFailure, type Observability } from '../shared/observability';
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
export function createBotHandler(loadApp: () => Promise<SlackHttpHandler>, { logger }: Observability) {
  const app = once(loadApp);
  return async (event: unknown, context?: Context): Promise<HttpResponse> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
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

const observability = createObservability('infrabot-bot');
/** The bot Lambda's handler, wired from the environment on its first invocation. */
export const botHandler = createBotHandler(
  async () => (await import('./wiring')).botHttpHandler(process.env, observability.logger),
  observability,
);
