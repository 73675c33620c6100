/**
 * GitHub's secondary rate limits allow about 80 content-creating requests a minute and 500 an hour; past them
 * GitHub refuses writes for minutes. Octokit's throttling plugin only spaces writes a second apart, in
 * arrival order, so one PR with 60 stacks holds up every other PR. The pacer keeps all of a process's writes
 * under both limits, sends them one at a time, takes turns between lanes (one lane per PR) so that a small PR
 * is never stuck behind a big one, and sends only the newest of writes that replace each other (a stack's
 * pending then final commit status).
 */

/** How many writes may start in any minute and in any hour, and how far apart. */
export interface WriteLimits {
  perMinute: number;
  perHour: number;
  /**
   * The least time between two writes. Spread evenly (a minute over `perMinute`), a burst never fills a
   * minute's allowance at once and leaves every PR waiting for the window to pass.
   */
  minGapMs: number;
}

/** GitHub's documented secondary limits for content-creating requests, spread evenly. */
export const githubWriteLimits: WriteLimits = { perMinute: 80, perHour: 500, minGapMs: 750 };

const minuteMs = 60_000;
const hourMs = 3_600_000;

/**
 * A budget shared with other processes (see `storeWriteBudget`): spends one write at `now` and returns 0, or
 * returns how long to wait before asking again.
 */
export type SharedWriteBudget = (now: number) => Promise<number>;

export interface WritePacerOptions {
  /** Milliseconds since the epoch; injected so that tests run on a fake clock. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  limits?: WriteLimits;
  /** When several processes write at once (Lambdas), the budget they share. */
  shared?: SharedWriteBudget;
}

interface Waiter {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface QueuedWrite {
  send: () => Promise<unknown>;
  coalesceKey?: string;
  waiters: Waiter[];
}

/** A queue of writes per lane, sent one at a time within the limits, lanes taking turns. */
export class WritePacer {
  /** Lanes with queued writes, in the order of their next turn. */
  private readonly lanes = new Map<string, QueuedWrite[]>();
  /** When each write of the last hour started, oldest first. */
  private readonly started: number[] = [];
  private draining = false;
  private readonly limits: WriteLimits;

  constructor(private readonly options: WritePacerOptions) {
    this.limits = options.limits ?? githubWriteLimits;
  }

  /**
   * Sends `send` in its lane's turn once the limits allow. With a `coalesceKey`, a queued write with the same
   * key is replaced by this one, and both callers get this one's result.
   */
  schedule<T>(lane: string, send: () => Promise<T>, coalesceKey?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { resolve: resolve as (value: unknown) => void, reject };
      const queued = coalesceKey === undefined ? undefined : this.findQueued(coalesceKey);
      if (queued) {
        queued.send = send;
        queued.waiters.push(waiter);
      } else {
        const writes = this.lanes.get(lane) ?? [];
        writes.push({ send, waiters: [waiter], ...(coalesceKey === undefined ? {} : { coalesceKey }) });
        this.lanes.set(lane, writes);
      }
      void this.drain();
    });
  }

  /** How many writes wait, all lanes together. */
  get waiting(): number {
    let count = 0;
    for (const writes of this.lanes.values()) count += writes.length;
    return count;
  }

  private findQueued(coalesceKey: string): QueuedWrite | undefined {
    for (const writes of this.lanes.values()) {
      const found = writes.find((write) => write.coalesceKey === coalesceKey);
      if (found) return found;
    }
    return undefined;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiting > 0) {
        const wait = this.waitMs(this.options.now());
        const sharedWait = wait > 0 || !this.options.shared ? 0 : await this.options.shared(this.options.now());
        if (wait > 0 || sharedWait > 0) {
          await this.options.sleep(Math.max(wait, sharedWait));
          continue;
        }
        const write = this.nextWrite();
        if (!write) return;
        this.started.push(this.options.now());
        await write.send().then(
          (value) => {
            for (const waiter of write.waiters) waiter.resolve(value);
          },
          (error: unknown) => {
            for (const waiter of write.waiters) waiter.reject(error);
          },
        );
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next lane's oldest write; the lane then goes to the back of the turn order. */
  private nextWrite(): QueuedWrite | undefined {
    for (const [lane, writes] of this.lanes) {
      const write = writes.shift();
      this.lanes.delete(lane);
      if (writes.length > 0) this.lanes.set(lane, writes);
      if (write) return write;
    }
    return undefined;
  }

  /** How long until one more write fits in both windows (0: now). */
  private waitMs(now: number): number {
    while (this.started.length > 0 && (this.started[0] ?? now) < now - hourMs) this.started.shift();
    const last = this.started.at(-1);
    const gap = last === undefined ? 0 : last + this.limits.minGapMs - now;
    return Math.max(
      gap,
      this.untilRoom(now, minuteMs, this.limits.perMinute),
      this.untilRoom(now, hourMs, this.limits.perHour),
    );
  }

  /** Waiting until the write `limit` places back leaves the window, so no window of `windowMs` holds more. */
  private untilRoom(now: number, windowMs: number, limit: number): number {
    const recent = this.started.filter((at) => at >= now - windowMs);
    if (recent.length < limit) return 0;
    const blocking = recent[recent.length - limit] ?? now;
    return blocking + windowMs + 1 - now;
  }
}

/** The lane of a write that concerns a PR. */
export function prLane(pr: number): string {
  return `pr#${pr}`;
}
