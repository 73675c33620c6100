import type { Database, Statement } from 'better-sqlite3';

/** The `leases` table: who does a shared piece of work until when (see `LeaseStore`). */
export class SqliteLeaseTable {
  private readonly take: Statement<[{ key: string; holder: string; expiresMs: number; nowMs: number }]>;
  private readonly give: Statement<[string, string]>;

  constructor(db: Database) {
    this.take = db.prepare(`
      INSERT INTO leases (key, holder, expires_ms) VALUES (@key, @holder, @expiresMs)
      ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms
      WHERE leases.expires_ms <= @nowMs OR leases.holder = @holder`);
    this.give = db.prepare('DELETE FROM leases WHERE key = ? AND holder = ?');
  }

  /** One conditional upsert: it writes only when the lease is free, expired or already the holder's. */
  acquire(key: string, holder: string, ttlMs: number, now: Date): boolean {
    const nowMs = now.getTime();
    return this.take.run({ key, holder, expiresMs: nowMs + ttlMs, nowMs }).changes === 1;
  }

  release(key: string, holder: string): void {
    this.give.run(key, holder);
  }
}
