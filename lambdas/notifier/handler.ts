import type { Context } from 'aws-lambda';
import { once } from '../shared/memo';
import type { NotifyResult } from './notify-handler';

/**
 * The Lambda entry point. Importing it loads almost nothing; the first invocation loads the handler proper
 * (./notify-handler: input parsing, the use case, Powertools) and that loads the SDK clients. `warm` does
 * the same ahead of time (the benchmark times it).
 */
const load = once(() => import('./notify-handler'));

export async function handler(event: unknown, context?: Context): Promise<NotifyResult> {
  return (await load()).notifyHandler(event, context);
}

export async function warm(): Promise<void> {
  await Promise.all([load(), import('./wiring')]);
}
