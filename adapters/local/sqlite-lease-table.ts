import type { Database, Statement } from 'better-sqlite3';

/** How many budget uses (and lease takings) pass between two sweeps of expired budgets (and leases). */
const spendsPerSweep = 1_000;

/**
 * The `leases` table (who does a shared piece of work until when, see `LeaseStore`) and the `budgets` table
 * (uses counted per window of time, see `BudgetStore`).
 */
export class SqliteLeaseTable {
  private readonly take: Statement<[{ key: string; holder: string; expiresMs: number; nowMs: number }]>;
  private readonly give: Statement<[string, string]>;
  private readonly spend: Statement<[{ key: string; limit: number; expiresMs: number }]>;
  private readonly sweep: Statement<[number]>;
  private readonly sweepLeases: Statement<[number]>;
  private spendsSinceSweep = 0;
  private takesSinceSweep = 0;

  constructor(db: Database) {
    this.take = db.prepare(`
      INSERT INTO leases (key, holder, expires_ms) VALUES (@key, @holder, @expiresMs)
      ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
      WHERE leases.expires_ms <= @nowMs OR leases.holder = @holder`);
    this.give = db.prepare('DELETE FROM leases WHERE key = ? AND holder = ?');
    this.spend = db.prepare(`
      INSERT INTO budgets (key, used, expires_ms) VALUES (@key, 1, @expiresMs)
      ON CONFLICT (key) DO UPDATE SET used = budgets.used + 1 WHERE budgets.used < @limit`);
    this.sweep = db.prepare('DELETE FROM budgets WHERE expires_ms <= ?');
    this.sweepLeases = db.prepare('DELETE FROM leases WHERE expires_ms <= ?');
  }

  /** One conditional upsert: it counts the use only while fewer than `limit` are counted. */
  spendBudget(key: string, limit: number, ttlMs: number, now: Date): boolean {
    if (limit < 1) return false;
    if (++this.spendsSinceSweep >= spendsPerSweep) {
      this.spendsSinceSweep = 0;
      this.sweep.run(now.getTime());
    }
    return this.spend.run({ key, limit, expiresMs: now.getTime() + ttlMs }).changes === 1;
  }

  /**
   * One conditional upsert: it writes only when the lease is free, expired or already the holder's. Expired
   * leases are swept now and then: each handled webhook delivery leaves one for days.
   */
  acquire(key: string, holder: string, ttlMs: number, now: Date): boolean {
    const nowMs = now.getTime();
    if (++this.takesSinceSweep >= spendsPerSweep) {
      this.takesSinceSweep = 0;
      this.sweepLeases.run(nowMs);
    }
    return this.take.run({ key, holder, expiresMs: nowMs + ttlMs, nowMs }).changes === 1;
  }

  release(key: string, holder: string): void {
    this.give.run(key, holder);
  }
}
