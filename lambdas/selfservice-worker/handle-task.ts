import { SelfServiceTaskSchema } from '../../core/selfservice/task';
import { runSelfServiceTask, type SelfServiceWorkerDeps } from '../../core/usecases/run-self-service-task';

export type WorkerResult = { ok: true } | { ok: false; reason: 'invalid_task'; message: string };

/**
 * The worker Lambda's handler, given a way to build its dependencies (once per container): parses the
 * asynchronous invoke's event as a self-service task and runs it. A malformed event is reported, not thrown,
 * so that Lambda does not retry it; unexpected errors are thrown (and logged by Lambda).
 */
export function selfServiceWorkerHandler(deps: () => Promise<SelfServiceWorkerDeps>) {
  let built: Promise<SelfServiceWorkerDeps> | undefined;
  return async (event: unknown): Promise<WorkerResult> => {
    const task = SelfServiceTaskSchema.safeParse(event);
    if (!task.success) {
      const where = task.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`);
      return { ok: false, reason: 'invalid_task', message: where.join('; ') };
    }
    built ??= deps().catch((error: unknown) => {
      built = undefined; // a failed build (a secret not readable yet) is tried again on the next event
      throw error;
    });
    await runSelfServiceTask(task.data, await built);
    return { ok: true };
  };
}
