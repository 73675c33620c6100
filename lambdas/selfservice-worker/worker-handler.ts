import { selfServiceWorkerHandler } from './handle-task';

/** The `/cdn` and `/logs` worker Lambda's handler, wired from the environment on its first task. */
export const workerHandler = selfServiceWorkerHandler(async () => (await import('./wiring')).workerDeps(process.env));
