import type { Database } from 'better-sqlite3';
import { SqliteStoreError } from './sqlite-errors';

/** One step of the schema. Versions start at 1 and have no gaps; a step never changes once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The schema of infrabot's SQLite state, oldest first. Nested values (who asked, the Slack message, the build,
 * the plan summary, the audit actor) are JSON text columns; everything a query filters or sorts on is a column.
 */
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'jobs, locks and audit log',
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        action TEXT NOT NULL,
        stack TEXT NOT NULL,
        sha TEXT NOT NULL,
        ref TEXT,
        pr INTEGER,
        plan_job_id TEXT,
        requested_by TEXT NOT NULL,
        reply TEXT,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        build TEXT,
        summary TEXT,
        reason TEXT
      ) STRICT;
      CREATE INDEX jobs_by_time ON jobs (created_at DESC, id DESC);
      CREATE INDEX jobs_by_stack ON jobs (stack, created_at DESC, id DESC);
      CREATE TABLE locks (
        stack TEXT PRIMARY KEY,
        owner_kind TEXT NOT NULL CHECK (owner_kind IN ('job', 'pr')),
        owner_id TEXT NOT NULL,
        active_job_id TEXT,
        held_by TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        outcome TEXT NOT NULL,
        job_id TEXT,
        detail TEXT
      ) STRICT;
      CREATE INDEX audit_by_time ON audit (at DESC, seq DESC);`,
  },
  {
    version: 2,
    name: 'one-time claims, and indexes for audit by target and jobs by PR',
    sql: `
      CREATE TABLE claims (
        key TEXT PRIMARY KEY,
        expires_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX claims_by_expiry ON claims (expires_ms);
      CREATE INDEX audit_by_target ON audit (target, at DESC, seq DESC);
      CREATE INDEX jobs_by_pr ON jobs (pr, created_at DESC, id DESC) WHERE pr IS NOT NULL;`,
  },
  {
    version: 3,
    name: "the digests of a plan's saved files",
    sql: 'ALTER TABLE jobs ADD COLUMN plan_digest TEXT;',
  },
  {
    version: 4,
    name: 'approvals of flagged plans',
    sql: `
      CREATE TABLE approvals (
        seq INTEGER PRIMARY KEY,
        plan_job_id TEXT NOT NULL,
        approver_source TEXT NOT NULL,
        approver_id TEXT NOT NULL,
        approver TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (plan_job_id, approver_source, approver_id)
      ) STRICT;`,
  },
  {
    version: 5,
    name: 'leases and shared budgets',
    sql: `
      CREATE TABLE leases (
        key TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE budgets (
        key TEXT PRIMARY KEY,
        used INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX budgets_by_expiry ON budgets (expires_ms);`,
  },
  {
    version: 6,
    name: "the process group and start time of a job's local build",
    sql: `
      ALTER TABLE jobs ADD COLUMN build_process_group INTEGER;
      ALTER TABLE jobs ADD COLUMN build_start_ticks INTEGER;`,
  },
  {
    version: 7,
    name: 'applies that wait for their upstream stacks or their merge',
    sql: 'ALTER TABLE jobs ADD COLUMN apply_order TEXT;',
  },
  {
    version: 8,
    name: "drift checks: each stack's last known drift, and jobs of kind drift",
    sql: `
      ALTER TABLE jobs ADD COLUMN kind TEXT;
      CREATE TABLE drift (
        stack TEXT PRIMARY KEY,
        status TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;`,
  },
];

/** The highest migration applied to the database, 0 for a new one. */
export function schemaVersion(db: Database): number {
  const table = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db.prepare<[], { version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations').get();
  return row?.version ?? 0;
}

/**
 * Brings the database up to the last of `migrations`, each step in its own write transaction, and records
 * each in `schema_migrations`. Running it again does nothing. Refuses a database made by a newer infrabot.
 * @returns the schema version the database is at afterwards.
 */
export function migrate(db: Database, migrations: readonly Migration[] = sqliteMigrations): number {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const step = db.transaction((migration: Migration) => {
    if (schemaVersion(db) >= migration.version) return;
    db.exec(migration.sql);
    record.run(migration.version, migration.name, new Date().toISOString());
  });
  const current = schemaVersion(db);
  if (current > latest) {
    throw new SqliteStoreError(
      'schema_too_new',
      `the state database is at schema version ${current}, newer than this infrabot knows (${latest}); upgrade infrabot or point INFRABOT_STATE at another file`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      step.immediate(migration);
    } catch (error) {
      throw new SqliteStoreError(
        'migration_failed',
        `applying schema migration ${migration.version} (${migration.name})`,
        {
          cause: error,
        },
      );
    }
  }
  return schemaVersion(db);
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new SqliteStoreError(
        'bad_migrations',
        `schema migration "${migration.name}" has version ${migration.version}, expected ${index + 1}: versions start at 1 without gaps`,
      );
    }
  });
}
