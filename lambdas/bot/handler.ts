import type { Context } from 'aws-lambda';
import { once } from '../shared/memo';
import type { HttpResponse } from './wiring';

/**
 * The Lambda entry point. Importing it loads almost nothing; the first invocation loads the handler proper
 * (./bot-handler) and that loads Bolt, the SDK clients and the configuration. `warm` does the same ahead of
 * time (the benchmark times it).
 */
const load = once(() => import('./bot-handler'));

export async function handler(event: unknown, context?: Context): Promise<HttpResponse> {
  return (await load()).botHandler(event, context);
}

export async function warm(): Promise<void> {
  await Promise.all([load(), import('./wiring')]);
}
