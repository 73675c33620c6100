import { once } from '../shared/memo';
import type { WorkerResult } from './handle-task';

/**
 * The Lambda entry point of the `/cdn` and `/logs` worker, invoked asynchronously by the bot Lambda with a
 * self-service task. Importing it loads almost nothing; the first task loads the rest. `warm` does the same
 * ahead of time (the benchmark times it).
 */
const load = once(() => import('./worker-handler'));

export async function handler(event: unknown): Promise<WorkerResult> {
  return (await load()).workerHandler(event);
}

export async function warm(): Promise<void> {
  await Promise.all([load(), import('./wiring')]);
}
