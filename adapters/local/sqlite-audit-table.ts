import type { Database, Statement } from 'better-sqlite3';
import type { AuditEntry } from '../../core/ports';
import { type AuditRow, auditFromRow, auditToRow } from './sqlite-rows';

/** How many claims pass between two sweeps of expired ones, so the table does not grow without end. */
const claimsPerSweep = 1_000;

/** The `audit` and `claims` tables: the audit trail and one-time claims of request keys. */
export class SqliteAuditTable {
  private readonly insert: Statement<[AuditRow]>;
  private readonly latest: Statement<[number], AuditRow>;
  private readonly latestFor: Statement<[string, number], AuditRow>;
  private readonly claim: Statement<[{ key: string; expiresMs: number; nowMs: number }]>;
  private readonly sweep: Statement<[number]>;
  private readonly unclaim: Statement<[string]>;
  private claimsSinceSweep = 0;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO audit (at, actor, action, target, outcome, job_id, detail)
      VALUES (@at, @actor, @action, @target, @outcome, @job_id, @detail)`);
    const columns = 'at, actor, action, target, outcome, job_id, detail';
    this.latest = db.prepare(`SELECT ${columns} FROM audit ORDER BY at DESC, seq DESC LIMIT ?`);
    this.latestFor = db.prepare(`SELECT ${columns} FROM audit WHERE target = ? ORDER BY at DESC, seq DESC LIMIT ?`);
    this.claim = db.prepare(`
      INSERT INTO claims (key, expires_ms) VALUES (@key, @expiresMs)
      ON CONFLICT (key) DO UPDATE SET expires_ms = excluded.expires_ms WHERE claims.expires_ms <= @nowMs`);
    this.sweep = db.prepare('DELETE FROM claims WHERE expires_ms <= ?');
    this.unclaim = db.prepare('DELETE FROM claims WHERE key = ?');
  }

  append(entry: AuditEntry): void {
    this.insert.run(auditToRow(entry));
  }

  list(query: { limit: number; target?: string }): AuditEntry[] {
    const limit = Math.max(0, Math.floor(query.limit));
    const rows = query.target === undefined ? this.latest.all(limit) : this.latestFor.all(query.target, limit);
    return rows.map(auditFromRow);
  }

  /** One conditional upsert: it writes only when the key is new or its claim has expired. */
  claimOnce(key: string, ttlMs: number, now: Date): boolean {
    const nowMs = now.getTime();
    if (++this.claimsSinceSweep >= claimsPerSweep) {
      this.claimsSinceSweep = 0;
      this.sweep.run(nowMs);
    }
    return this.claim.run({ key, expiresMs: nowMs + ttlMs, nowMs }).changes === 1;
  }

  releaseClaim(key: string): void {
    this.unclaim.run(key);
  }
}
