/** A unit of work for one key (a stack). */
export interface QueuedTask {
  key: string;
  run: () => Promise<void>;
}

/**
 * Runs tasks with at most `concurrency` at once and never two with the same key at once; tasks for one key
 * run in the order they were added, and a task waiting for its key does not hold up other keys.
 */
export class KeyedQueue {
  private readonly pending: QueuedTask[] = [];
  private readonly runningKeys = new Set<string>();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number of at least 1, got ${concurrency}`);
    }
  }

  add(task: QueuedTask): void {
    this.pending.push(task);
    this.pump();
  }

  /** Takes a task out before it starts; returns false when it already started (or was never added). */
  remove(task: QueuedTask): boolean {
    const index = this.pending.indexOf(task);
    if (index === -1) return false;
    this.pending.splice(index, 1);
    return true;
  }

  private pump(): void {
    while (this.runningKeys.size < this.concurrency) {
      const index = this.pending.findIndex((task) => !this.runningKeys.has(task.key));
      if (index === -1) return;
      const [task] = this.pending.splice(index, 1);
      if (task === undefined) return;
      this.runningKeys.add(task.key);
      void task
        .run()
        .catch(() => undefined)
        .finally(() => {
          this.runningKeys.delete(task.key);
          this.pump();
        });
    }
  }
}
