import type { Database, Statement, Transaction } from 'better-sqlite3';
import { type DriftPatch, type DriftStatus, patchedDriftStatus } from '../../core/drift/drift-status';

interface DriftRow {
  stack: string;
  status: string;
}

/**
 * The `drift` table: one row per stack, its drift status as JSON (nothing is queried inside it). A change reads,
 * patches and writes the row in one write transaction, so that two processes changing different fields of a
 * stack's record at once both keep their change.
 */
export class SqliteDriftTable {
  private readonly upsert: Statement<[DriftRow]>;
  private readonly select: Statement<[string], DriftRow>;
  private readonly all: Statement<[], DriftRow>;
  private readonly patchTransaction: Transaction<(stack: string, patch: DriftPatch, ifJobId?: string) => boolean>;

  constructor(db: Database) {
    this.upsert = db.prepare(
      'INSERT INTO drift (stack, status) VALUES (@stack, @status) ON CONFLICT (stack) DO UPDATE SET status = excluded.status',
    );
    this.select = db.prepare('SELECT stack, status FROM drift WHERE stack = ?');
    this.all = db.prepare('SELECT stack, status FROM drift');
    this.patchTransaction = db.transaction((stack: string, patch: DriftPatch, ifJobId?: string) => {
      const current = this.get(stack);
      if (ifJobId !== undefined && current?.jobId !== ifJobId) return false;
      const next = patchedDriftStatus(current ?? { stack }, patch);
      this.upsert.run({ stack, status: JSON.stringify(next) });
      return true;
    });
  }

  get(stack: string): DriftStatus | undefined {
    const row = this.select.get(stack);
    return row && (JSON.parse(row.status) as DriftStatus);
  }

  update(stack: string, patch: DriftPatch, ifJobId?: string): boolean {
    return this.patchTransaction.immediate(stack, patch, ifJobId);
  }

  list(): DriftStatus[] {
    return this.all.all().map((row) => JSON.parse(row.status) as DriftStatus);
  }
}
