import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion, sqliteMigrations } from '../../../../adapters/local/sqlite-migrations';
import { SqliteStore } from '../../../../adapters/local/sqlite-store';
import { makeAudit, makeJob, t0 } from '../../../contract/store-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'infrabot-sqlite-migrations-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freshFile(): string {
  files += 1;
  return join(dir, `state-${files}.db`);
}

function appliedVersions(file: string): number[] {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version').all();
  db.close();
  return rows.map((row) => row.version);
}

describe('SQLite schema migrations', () => {
  it('brings a new database to the latest version, recording every step, in WAL mode', () => {
    const file = freshFile();
    new SqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    const mode = db.pragma('journal_mode', { simple: true });
    db.close();
    expect(appliedVersions(file)).toEqual(sqliteMigrations.map((migration) => migration.version));
    expect(mode).toBe('wal');
  });

  it('does nothing when run again', () => {
    const db = new Database(':memory:');
    const first = migrate(db);
    const second = migrate(db);
    const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM schema_migrations').get();
    db.close();
    expect([first, second]).toEqual([sqliteMigrations.length, sqliteMigrations.length]);
    expect(count?.n).toBe(sqliteMigrations.length);
  });

  it('upgrades a database at migration 1 and keeps its data', async () => {
    const file = freshFile();
    const old = new Database(file);
    migrate(old, sqliteMigrations.slice(0, 1));
    old
      .prepare(
        `INSERT INTO jobs (id, action, stack, sha, requested_by, status, created_at)
         VALUES ('j-m7q2k1-aaaa', 'plan', 'aws/prod/network', ?, '{"source":"slack","id":"U012ABCDEF"}', 'queued', ?)`,
      )
      .run(makeJob().sha, t0.toISOString());
    old
      .prepare(
        `INSERT INTO audit (at, actor, action, target, outcome) VALUES (?, ?, 'tf.plan', 'aws/prod/network', 'accepted')`,
      )
      .run(t0.toISOString(), JSON.stringify(makeAudit().actor));
    const versionBefore = schemaVersion(old);
    old.close();

    const store = new SqliteStore(file);
    const job = await store.getJob('j-m7q2k1-aaaa');
    const audit = await store.listAudit({ limit: 10, target: 'aws/prod/network' });
    const claimed = await store.claimOnce('click:1', 1_000, t0);
    store.close();

    expect(versionBefore).toBe(1);
    expect(appliedVersions(file)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(job).toStrictEqual(makeJob());
    expect(audit).toStrictEqual([makeAudit()]);
    expect(claimed).toBe(true);
  });

  it('refuses a database made by a newer infrabot', () => {
    const file = freshFile();
    new SqliteStore(file).close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '')").run();
    db.close();
    expect(() => new SqliteStore(file)).toThrow(expect.objectContaining({ code: 'schema_too_new' }));
  });

  it('rolls back a failing migration and records nothing of it', () => {
    const db = new Database(':memory:');
    const broken = [
      ...sqliteMigrations.slice(0, 1),
      { version: 2, name: 'broken', sql: 'CREATE TABLE x (a); NOT SQL' },
    ];
    expect(() => migrate(db, broken)).toThrow(expect.objectContaining({ code: 'migration_failed' }));
    const table = db.prepare("SELECT name FROM sqlite_master WHERE name = 'x'").get();
    const version = schemaVersion(db);
    db.close();
    expect(version).toBe(1);
    expect(table).toBeUndefined();
  });

  it('refuses a list of migrations with a gap', () => {
    const db = new Database(':memory:');
    const gap = [
      { version: 1, name: 'one', sql: '' },
      { version: 3, name: 'three', sql: '' },
    ];
    expect(() => migrate(db, gap)).toThrow(expect.objectContaining({ code: 'bad_migrations' }));
    db.close();
  });
});
