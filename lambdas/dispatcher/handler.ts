import type { Context } from 'aws-lambda';
import { once } from '../shared/memo';
import type { DispatchResult } from './dispatch-handler';

/**
 * The Lambda entry point. Importing it loads almost nothing; the first invocation loads the handler proper
 * (./dispatch-handler: input parsing, the use case, Powertools) and that loads the SDK clients. `warm` does
 * the same ahead of time (the benchmark times it).
 */
const load = once(() => import('./dispatch-handler'));

export async function handler(event: unknown, context?: Context): Promise<DispatchResult> {
  return (await load()).dispatchHandler(event, context);
}

export async function warm(): Promise<void> {
  await Promise.all([load(), import('./wiring')]);
}
