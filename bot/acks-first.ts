import type { App } from '@slack/bolt';

/**
 * Runs the work that follows a listener's ack (claiming the request, the job message, the job row, the lock, the
 * dispatch). The returned promise settles when the listener may return, not necessarily when the work ends.
 */
export type AfterAck = (work: () => Promise<void>) => Promise<void>;

/**
 * The work runs in the listener, which returns when it ends. For receivers that answer Slack only once the
 * listener returns (Lambda freezes after the response, so work left for later would never run), and in tests
 * that drive a listener directly.
 */
export const workInListener: AfterAck = (work) => work();

/** The longest a piece of work waits behind acks, however long a burst of requests lasts. */
const defaultMaxDelayMs = 1_000;
/** How long without a new Slack request before work starts: the end of a burst. */
const defaultQuietMs = 10;

interface Queued {
  work: () => Promise<void>;
  queuedAt: number;
}

export interface AcksFirstOptions {
  maxDelayMs?: number;
  quietMs?: number;
  now?: () => number;
}

/**
 * Acks first: work after an ack starts once no Slack request has arrived for `quietMs` and none is on its way to
 * its ack, one piece per turn of the event loop, so that under a burst every request is acked before the work of
 * the earlier ones competes with it (Slack shows the user an error for an ack later than 3 seconds; a job message
 * a moment later is harmless). Work never waits more than `maxDelayMs`; once started it runs to its end beside
 * everything else.
 */
class AcksFirstQueue {
  /** Slack requests between their arrival in Bolt and the end of their listener (the ack, then `add`). */
  private acking = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly queue: Queued[] = [];
  private readonly running = new Set<Promise<void>>();
  private nextTurn: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxDelayMs: number;
  private readonly quietMs: number;
  private readonly now: () => number;

  constructor(
    private readonly onError: (activity: string, error: unknown) => void,
    options: AcksFirstOptions,
  ) {
    this.maxDelayMs = options.maxDelayMs ?? defaultMaxDelayMs;
    this.quietMs = options.quietMs ?? defaultQuietMs;
    this.now = options.now ?? Date.now;
  }

  /** Bolt global middleware: notes each request's arrival; it counts as acking until its listener returns. */
  readonly countAcking = async ({ next }: { next: () => Promise<void> }): Promise<void> => {
    this.acking++;
    this.lastArrival = this.now();
    try {
      await next();
    } finally {
      this.acking--;
    }
  };

  readonly add: AfterAck = async (work) => {
    this.queue.push({ work, queuedAt: this.now() });
    this.lookNextTurn();
  };

  private lookNextTurn(): void {
    if (this.nextTurn !== undefined || this.timer !== undefined || this.queue.length === 0) return;
    this.nextTurn = setImmediate(() => {
      this.nextTurn = undefined;
      this.look();
    });
  }

  private look(): void {
    const now = this.now();
    const quiet = this.acking === 0 && now - this.lastArrival >= this.quietMs;
    for (let first = this.queue[0]; first !== undefined; first = this.queue[0]) {
      if (!quiet && now - first.queuedAt < this.maxDelayMs) break;
      this.queue.shift();
      this.start(first);
      // When quiet, one piece a turn: a request arriving meanwhile is acked before the next piece starts.
      if (quiet) break;
    }
    const first = this.queue[0];
    if (first === undefined) return;
    if (quiet) {
      this.lookNextTurn();
      return;
    }
    // A request still on its way to its ack is waited for in quiet spells too: its end is no event of its own.
    const quietFrom = this.acking > 0 ? now + this.quietMs : this.lastArrival + this.quietMs;
    this.lookAt(Math.min(first.queuedAt + this.maxDelayMs, quietFrom));
  }

  /** Looks again at `at`: the end of the quiet spell if no request comes, or when the oldest piece is overdue. */
  private lookAt(at: number): void {
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.look();
      },
      Math.max(1, at - this.now()),
    );
  }

  private start({ work }: Queued): void {
    const running = work().catch((error: unknown) => this.onError('working after an ack', error));
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }

  /**
   * Starts every piece still waiting and resolves once all work has ended: a stopping bot must not drop the work
   * of a request it already acked (the person was told it is under way).
   */
  async drain(): Promise<void> {
    clearImmediate(this.nextTurn);
    clearTimeout(this.timer);
    this.nextTurn = undefined;
    this.timer = undefined;
    for (let first = this.queue.shift(); first !== undefined; first = this.queue.shift()) this.start(first);
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** How a long-lived app's listeners hand over their work, and how a stopping bot finishes what was handed over. */
export interface AcksFirst {
  afterAck: AfterAck;
  drain(): Promise<void>;
}

/**
 * Installs acks-first on a long-lived app (HTTP, Socket Mode, the console) and returns how its listeners hand
 * over their work after the ack. Installed before the listeners, so that it counts every request.
 */
export function acksFirst(
  app: App,
  onError: (activity: string, error: unknown) => void,
  options: AcksFirstOptions = {},
): AcksFirst {
  const queue = new AcksFirstQueue(onError, options);
  app.use(queue.countAcking);
  return { afterAck: queue.add, drain: () => queue.drain() };
}
