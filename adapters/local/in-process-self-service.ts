import type { SelfServiceDispatcher } from '../../core/ports';
import type { SelfServiceTask } from '../../core/selfservice/task';

/**
 * Runs self-service tasks in this process, in the background: `dispatch` returns at once so that the Slack
 * listener finishes, and the task's poll loop runs on. Failures go to `logError`.
 */
export class InProcessSelfServiceDispatcher implements SelfServiceDispatcher {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly run: (task: SelfServiceTask) => Promise<void>,
    private readonly logError: (activity: string, error: unknown) => void,
  ) {}

  async dispatch(task: SelfServiceTask): Promise<void> {
    const work = this.run(task)
      .catch((error: unknown) => this.logError(`running ${task.kind} for ${task.userId}`, error))
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** Resolves when every task started so far has finished (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
