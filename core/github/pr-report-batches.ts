import type { Clock, LeaseStore, Sleep } from '../ports';

/** What reporting a PR does, for {@link PrReportBatches}. */
export interface PrReportWork<T> {
  /**
   * Brings the PR up to date (holding the PR's lease), with the items this process gathered; returns a
   * fingerprint of what it reported.
   */
  refresh(pr: number, items: readonly T[]): Promise<string>;
  /** The fingerprint of what there is to report now, compared with the reported one after the lease is given back. */
  current(pr: number): Promise<string>;
  /** Reports what only this process can (its own items) while another process holds the PR's lease. */
  withoutLease(pr: number, items: readonly T[]): Promise<void>;
}

export interface PrReportBatchOptions {
  clock: Clock;
  sleep: Sleep;
  leases: LeaseStore;
  /** Who this process is in the leases. */
  holder: string;
  /** How long ends are gathered before a refresh, and the least time between two refreshes of a PR. */
  batchMs: number;
  /** How long a lease lasts when its holder dies before giving it back. */
  leaseTtlMs: number;
}

interface Batch<T> {
  items: T[];
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/** The lease that makes one process at a time report a PR. */
export function prReportLease(pr: number): string {
  return `pr-report#${pr}`;
}

/**
 * Batches a PR's reports and runs them one at a time. In this process, items for a PR gather for `batchMs`,
 * then one refresh reports them all; items that arrive meanwhile wait for the next refresh, which starts at
 * least `batchMs` later. Across processes (several notifier invocations), a refresh runs only under the PR's
 * lease in the store: a process that cannot take it reports only its own items, and leaves the rest to the
 * holder, which checks, after giving the lease back, whether anything new has come to report and, if so,
 * refreshes again. The item is in the store before its process asks for the lease, so nothing is left out.
 */
export class PrReportBatches<T> {
  private readonly batches = new Map<number, Batch<T>>();

  constructor(
    private readonly options: PrReportBatchOptions,
    private readonly work: PrReportWork<T>,
  ) {}

  /** Adds an item to the PR's next refresh; resolves once a refresh that covers it has ended. */
  add(pr: number, item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const running = this.batches.get(pr);
      const batch = running ?? { items: [], waiters: [] };
      batch.items.push(item);
      batch.waiters.push({ resolve, reject });
      if (!running) {
        this.batches.set(pr, batch);
        void this.run(pr, batch);
      }
    });
  }

  private async run(pr: number, batch: Batch<T>): Promise<void> {
    try {
      while (batch.waiters.length > 0) {
        await this.options.sleep(this.options.batchMs);
        const items = batch.items.splice(0);
        const waiters = batch.waiters.splice(0);
        await this.reportUnderLease(pr, items).then(
          () => {
            for (const waiter of waiters) waiter.resolve();
          },
          (error: unknown) => {
            for (const waiter of waiters) waiter.reject(error);
          },
        );
      }
    } finally {
      this.batches.delete(pr);
    }
  }

  private async reportUnderLease(pr: number, items: readonly T[]): Promise<void> {
    const { leases, holder, clock, leaseTtlMs } = this.options;
    const key = prReportLease(pr);
    let own = items;
    for (;;) {
      if (!(await leases.acquireLease(key, holder, leaseTtlMs, clock.now()))) {
        await this.work.withoutLease(pr, own);
        return;
      }
      let reported: string;
      try {
        reported = await this.work.refresh(pr, own);
      } finally {
        await leases.releaseLease(key, holder);
      }
      own = [];
      if ((await this.work.current(pr)) === reported) return;
      await this.options.sleep(this.options.batchMs);
    }
  }
}
