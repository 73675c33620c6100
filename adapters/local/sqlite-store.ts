import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DriftPatch, DriftStatus } from '../../core/drift/drift-status';
import type { Job, JobStatus } from '../../core/jobs/job';
import type { Lock, LockOwner, LockRequest, LockResult } from '../../core/locks/lock';
import type { Approval, AuditEntry, JobPatch, JobQuery, Store } from '../../core/ports';
import { SqliteApprovalTable } from './sqlite-approval-table';
import { SqliteAuditTable } from './sqlite-audit-table';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { SqliteDriftTable } from './sqlite-drift-table';
import { SqliteStoreError } from './sqlite-errors';
import { SqliteJobTable } from './sqlite-job-table';
import { SqliteLeaseTable } from './sqlite-lease-table';
import { SqliteLockTable } from './sqlite-lock-table';
import { migrate } from './sqlite-migrations';

/** How long a write waits for another process holding the database before it fails. */
const busyTimeoutMs = 5_000;
/** SQLite's own `wal_autocheckpoint`: a write that brings the log to this many pages checkpoints it. */
const sqliteDefaultCheckpointPages = 1_000;

/**
 * infrabot's state on one machine: jobs, locks, the audit log, one-time claims, leases, shared budgets and drift in a SQLite file
 * (`INFRABOT_STATE`, default `.infrabot/state.db`). WAL mode lets readers run beside the writer; every
 * call is a prepared statement, and taking a lock is one `BEGIN IMMEDIATE` transaction.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly jobs: SqliteJobTable;
  private readonly locks: SqliteLockTable;
  private readonly audit: SqliteAuditTable;
  private readonly approvals: SqliteApprovalTable;
  private readonly leases: SqliteLeaseTable;
  private readonly drift: SqliteDriftTable;
  private readonly checkpointer: SqliteCheckpointer | undefined;

  /**
   * @param path the database file (its directory is created when missing), or `:memory:`.
   * @param options.checkpointInBackground the write-ahead log is copied into the database by a worker thread
   *   (see `SqliteCheckpointer`), not by whichever write fills it: for a process that answers requests meanwhile.
   */
  constructor(path: string, options: { checkpointInBackground?: boolean } = {}) {
    this.db = openDatabase(path);
    try {
      migrate(this.db);
      this.jobs = new SqliteJobTable(this.db);
      this.locks = new SqliteLockTable(this.db);
      this.audit = new SqliteAuditTable(this.db);
      this.approvals = new SqliteApprovalTable(this.db);
      this.leases = new SqliteLeaseTable(this.db);
      this.drift = new SqliteDriftTable(this.db);
      this.checkpointer =
        options.checkpointInBackground && !this.db.memory && path !== '' ? this.startCheckpointer() : undefined;
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  private startCheckpointer(): SqliteCheckpointer {
    const checkpointer = new SqliteCheckpointer(this.db.name, busyTimeoutMs, () => {
      // Without the worker, the writes checkpoint again, as SQLite does by default.
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${sqliteDefaultCheckpointPages}`);
    });
    this.db.pragma('wal_autocheckpoint = 0');
    return checkpointer;
  }

  async createJob(job: Job): Promise<boolean> {
    return this.jobs.create(job);
  }

  async getJob(id: string): Promise<Job | undefined> {
    return this.jobs.get(id);
  }

  async transitionJob(id: string, to: JobStatus, patch: JobPatch = {}): Promise<Job | undefined> {
    return this.jobs.moveTo(id, to, patch);
  }

  async updateJob(id: string, patch: JobPatch): Promise<void> {
    this.jobs.patch(id, patch);
  }

  async listJobs(query: JobQuery): Promise<Job[]> {
    return this.jobs.list(query);
  }

  async acquireLock(request: LockRequest, now: Date): Promise<LockResult> {
    return this.locks.acquire(request, now);
  }

  async releaseJobLock(stack: string, jobId: string, _now: Date): Promise<boolean> {
    return this.locks.releaseJob(stack, jobId);
  }

  async releaseLock(stack: string, owner: LockOwner): Promise<boolean> {
    return this.locks.release(stack, owner);
  }

  async releaseCheckedLock(checked: Lock): Promise<boolean> {
    return this.locks.releaseChecked(checked);
  }

  async extendJobLock(stack: string, jobId: string, until: Date): Promise<boolean> {
    return this.locks.extendJob(stack, jobId, until);
  }

  async getLock(stack: string, now: Date): Promise<Lock | undefined> {
    return this.locks.get(stack, now);
  }

  async listLocks(now: Date): Promise<Lock[]> {
    return this.locks.list(now);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.append(entry);
  }

  async listAudit(query: { limit: number; target?: string }): Promise<AuditEntry[]> {
    return this.audit.list(query);
  }

  async claimOnce(key: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.audit.claimOnce(key, ttlMs, now);
  }

  async addApproval(approval: Approval): Promise<boolean> {
    return this.approvals.add(approval);
  }

  async listApprovals(planJobId: string): Promise<Approval[]> {
    return this.approvals.list(planJobId);
  }

  async acquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.leases.acquire(key, holder, ttlMs, now);
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    this.leases.release(key, holder);
  }

  async spendBudget(key: string, limit: number, ttlMs: number, now: Date): Promise<boolean> {
    return this.leases.spendBudget(key, limit, ttlMs, now);
  }

  async getDriftStatus(stack: string): Promise<DriftStatus | undefined> {
    return this.drift.get(stack);
  }

  async updateDriftStatus(stack: string, patch: DriftPatch, ifJobId?: string): Promise<boolean> {
    return this.drift.update(stack, patch, ifJobId);
  }

  async listDriftStatuses(): Promise<DriftStatus[]> {
    return this.drift.list();
  }

  /** Closes the database (after letting SQLite refresh its query statistics); closing twice does nothing. */
  close(): void {
    if (!this.db.open) return;
    this.checkpointer?.stop();
    this.db.pragma('optimize');
    this.db.close();
  }
}

function openDatabase(path: string): Database.Database {
  try {
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL keeps the database consistent after a crash; a power loss may drop the last commits.
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    throw new SqliteStoreError('open_failed', `opening the state database "${path}": ${messageOf(error)}`, {
      cause: error,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
