import type { Database, Statement } from 'better-sqlite3';
import type { DriftStatus } from '../../core/drift/drift-status';

interface DriftRow {
  stack: string;
  status: string;
}

/** The `drift` table: one row per stack, its whole drift status as JSON (nothing is queried inside it). */
export class SqliteDriftTable {
  private readonly upsert: Statement<[DriftRow]>;
  private readonly select: Statement<[string], DriftRow>;
  private readonly all: Statement<[], DriftRow>;

  constructor(db: Database) {
    this.upsert = db.prepare(
      'INSERT INTO drift (stack, status) VALUES (@stack, @status) ON CONFLICT (stack) DO UPDATE SET status = excluded.status',
    );
    this.select = db.prepare('SELECT stack, status FROM drift WHERE stack = ?');
    this.all = db.prepare('SELECT stack, status FROM drift');
  }

  get(stack: string): DriftStatus | undefined {
    const row = this.select.get(stack);
    return row && (JSON.parse(row.status) as DriftStatus);
  }

  put(status: DriftStatus): void {
    this.upsert.run({ stack: status.stack, status: JSON.stringify(status) });
  }

  list(): DriftStatus[] {
    return this.all.all().map((row) => JSON.parse(row.status) as DriftStatus);
  }
}
