import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  canAcquire,
  type Lock,
  type LockOwner,
  type LockRequest,
  type LockResult,
  lockAfterAcquire,
} from '../../core/locks/lock';
import { type LockRow, lockFromRow, lockToRow, ownerId } from './sqlite-rows';

type AcquireTransaction = Transaction<(request: LockRequest, now: Date) => LockResult>;

/**
 * The `locks` table, one row per locked stack. Taking a lock reads and writes in one `BEGIN IMMEDIATE`
 * transaction, so two processes sharing the file cannot both take it; the rules are core's `canAcquire`.
 */
export class SqliteLockTable {
  private readonly select: Statement<[string], LockRow>;
  private readonly upsert: Statement<[LockRow]>;
  private readonly deleteJobOwned: Statement<[string, string]>;
  private readonly clearActiveJob: Statement<[string, string]>;
  private readonly deleteOwned: Statement<[string, string, string]>;
  private readonly deleteChecked: Statement<[string, string, string, string | null]>;
  private readonly extend: Statement<[string, number, string, string, number]>;
  private readonly selectLive: Statement<[string, number], LockRow>;
  private readonly listLive: Statement<[number], LockRow>;
  private readonly acquireTransaction: AcquireTransaction;

  constructor(db: Database) {
    this.select = db.prepare('SELECT * FROM locks WHERE stack = ?');
    this.upsert = db.prepare(`
      INSERT INTO locks (stack, owner_kind, owner_id, active_job_id, held_by, acquired_at, expires_at, expires_ms)
      VALUES (@stack, @owner_kind, @owner_id, @active_job_id, @held_by, @acquired_at, @expires_at, @expires_ms)
      ON CONFLICT (stack) DO UPDATE SET owner_kind = excluded.owner_kind, owner_id = excluded.owner_id,
        active_job_id = excluded.active_job_id, held_by = excluded.held_by, acquired_at = excluded.acquired_at,
        expires_at = excluded.expires_at, expires_ms = excluded.expires_ms`);
    this.deleteJobOwned = db.prepare("DELETE FROM locks WHERE stack = ? AND owner_kind = 'job' AND owner_id = ?");
    this.clearActiveJob = db.prepare(
      "UPDATE locks SET active_job_id = NULL WHERE stack = ? AND owner_kind = 'pr' AND active_job_id = ?",
    );
    this.deleteOwned = db.prepare('DELETE FROM locks WHERE stack = ? AND owner_kind = ? AND owner_id = ?');
    // `IS` compares NULL too: a lock checked with no active job is removed only while it still has none.
    this.deleteChecked = db.prepare(
      'DELETE FROM locks WHERE stack = ? AND owner_kind = ? AND owner_id = ? AND active_job_id IS ?',
    );
    this.extend = db.prepare(
      'UPDATE locks SET expires_at = ?, expires_ms = ? WHERE stack = ? AND active_job_id = ? AND expires_ms < ?',
    );
    this.selectLive = db.prepare('SELECT * FROM locks WHERE stack = ? AND expires_ms > ?');
    this.listLive = db.prepare('SELECT * FROM locks WHERE expires_ms > ? ORDER BY stack');
    this.acquireTransaction = db.transaction((request: LockRequest, now: Date) => this.acquireInside(request, now));
  }

  acquire(request: LockRequest, now: Date): LockResult {
    return this.acquireTransaction.immediate(request, now);
  }

  /** A job-owned lock goes; a PR-owned lock stays without its active job. Disjoint, so no transaction is needed. */
  releaseJob(stack: string, jobId: string): boolean {
    if (this.deleteJobOwned.run(stack, jobId).changes === 1) return true;
    return this.clearActiveJob.run(stack, jobId).changes === 1;
  }

  release(stack: string, owner: LockOwner): boolean {
    return this.deleteOwned.run(stack, owner.kind, ownerId(owner)).changes === 1;
  }

  /** One conditional DELETE: the lock goes only while it has the owner and active job that were checked. */
  releaseChecked(checked: Lock): boolean {
    const { stack, owner, activeJobId } = checked;
    return this.deleteChecked.run(stack, owner.kind, ownerId(owner), activeJobId ?? null).changes === 1;
  }

  /** One conditional UPDATE with the rule of core's `canExtend`. */
  extendJob(stack: string, jobId: string, until: Date): boolean {
    const ms = until.getTime();
    return this.extend.run(until.toISOString(), ms, stack, jobId, ms).changes === 1;
  }

  get(stack: string, now: Date): Lock | undefined {
    const row = this.selectLive.get(stack, now.getTime());
    return row && lockFromRow(row);
  }

  list(now: Date): Lock[] {
    return this.listLive.all(now.getTime()).map(lockFromRow);
  }

  private acquireInside(request: LockRequest, now: Date): LockResult {
    const row = this.select.get(request.stack);
    const current = row && lockFromRow(row);
    if (current && !canAcquire(current, request, now)) return { ok: false, heldBy: current };
    const lock = lockAfterAcquire(current, request, now);
    this.upsert.run(lockToRow(lock));
    return { ok: true, lock };
  }
}
