import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../../../adapters/local/sqlite-store';
import { describeStoreContract } from '../../../contract/store-contract';
import { jobLock, makeAudit, makeFullJob, t0 } from '../../../contract/store-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'infrabot-sqlite-store-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A process racing for locks in `file`: resolves `ready` once it has opened the store, `won` with its rounds. */
function startContender(file: string, name: string, rounds: number) {
  const script = ['bin/run-ts.mjs', 'test/fixtures/sqlite-lock-contender.ts', file, name, String(rounds)];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, script);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => (output.startsWith('ready\n') ? resolve() : undefined));
    child.on('close', (code) => reject(new Error(`contender ${name} exited with ${code} before it was ready`)));
  });
  const won = once(child, 'close').then(([code]) => {
    if (code !== 0) throw new Error(`contender ${name} exited with ${code}: ${output}`);
    return JSON.parse(output.slice('ready\n'.length)) as number[];
  });
  return { child, ready, won };
}

function freshFile(): string {
  files += 1;
  return join(dir, `contract-${files}`, 'state.db');
}

describeStoreContract('SqliteStore on a file', async () => {
  const store = new SqliteStore(freshFile());
  return { store, close: async () => store.close() };
});

describeStoreContract('SqliteStore on a file, checkpointed in the background', async () => {
  const store = new SqliteStore(freshFile(), { checkpointInBackground: true });
  return { store, close: async () => store.close() };
});

describeStoreContract('SqliteStore in memory', async () => {
  const store = new SqliteStore(':memory:');
  return { store, close: async () => store.close() };
});

/** How many audit entries the database file itself holds, leaving aside its write-ahead log. */
function auditRowsInFileAlone(file: string): number {
  const copy = `${file}.copy`;
  copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
  } finally {
    db.close();
    rmSync(copy);
  }
}

describe('SqliteStore', () => {
  it('copies its writes into the database file on another thread while it stays open, when asked to', async () => {
    const file = freshFile();
    const store = new SqliteStore(file, { checkpointInBackground: true });
    for (let index = 0; index < 50; index++) await store.appendAudit(makeAudit({ target: `stack-${index}` }));

    let rows = 0;
    for (let waited = 0; waited < 5_000 && rows < 50; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A copy taken in the middle of a checkpoint may not open: look again.
      rows = (() => {
        try {
          return auditRowsInFileAlone(file);
        } catch {
          return 0;
        }
      })();
    }
    store.close();

    expect(rows).toBe(50);
  });

  it('creates the directory of the database file when it is missing', () => {
    const file = join(dir, 'nested', 'deeper', 'state.db');
    const store = new SqliteStore(file);
    store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('keeps jobs, locks, audit entries and claims when the file is opened again', async () => {
    const file = freshFile();
    const first = new SqliteStore(file);
    await first.createJob(makeFullJob());
    const taken = await first.acquireLock(jobLock('j-m7q2k1-a'), t0);
    await first.appendAudit(makeAudit());
    await first.claimOnce('click:1', 60_000, t0);
    first.close();

    const second = new SqliteStore(file);
    const job = await second.getJob(makeFullJob().id);
    const lock = await second.getLock('aws/prod/network', t0);
    const audit = await second.listAudit({ limit: 10 });
    const claimedAgain = await second.claimOnce('click:1', 60_000, t0);
    second.close();

    expect(job).toStrictEqual(makeFullJob());
    expect(lock).toStrictEqual(taken.ok ? taken.lock : undefined);
    expect(audit).toStrictEqual([makeAudit()]);
    expect(claimedAgain).toBe(false);
  });

  it("keeps a running job's build process (group and start time) for the bot that opens the file after a restart", async () => {
    // Prepare
    const file = freshFile();
    const first = new SqliteStore(file);
    const job = { ...makeFullJob(), status: 'running' as const, finishedAt: undefined };
    await first.createJob(job);

    // Act
    await first.updateJob(job.id, { buildProcess: { processGroup: 4242, startTicks: 987_654 } });
    first.close();
    const second = new SqliteStore(file);
    const found = await second.getJob(job.id);
    second.close();

    // Assess
    expect(found?.buildProcess).toStrictEqual({ processGroup: 4242, startTicks: 987_654 });
  });

  it('lets two stores on one file see each other and never both take a lock', async () => {
    const file = freshFile();
    const a = new SqliteStore(file);
    const b = new SqliteStore(file);
    const first = await a.acquireLock(jobLock('j-m7q2k1-a'), t0);
    const second = await b.acquireLock(jobLock('j-m7q2k1-b'), t0);
    a.close();
    b.close();
    expect([first.ok, second.ok]).toEqual([true, false]);
  });

  it('gives each lock to exactly one of several processes racing on one file', async () => {
    const file = freshFile();
    new SqliteStore(file).close();
    const rounds = 500;
    const contenders = ['alpha', 'bravo', 'charlie'].map((name) => startContender(file, name, rounds));
    await Promise.all(contenders.map((contender) => contender.ready));
    for (const contender of contenders) contender.child.stdin.write('go\n');
    const won = await Promise.all(contenders.map((contender) => contender.won));
    const store = new SqliteStore(file);
    const locks = await store.listLocks(t0);
    store.close();
    expect(won.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: rounds }, (_, round) => round));
    expect(locks).toHaveLength(rounds);
  });

  it('fails to open a path it cannot create, naming the path', () => {
    const blocked = join(dir, 'blocked');
    new SqliteStore(join(blocked, 'state.db')).close();
    expect(() => new SqliteStore(join(blocked, 'state.db', 'inner.db'))).toThrow(
      expect.objectContaining({
        name: 'SqliteStoreError',
        code: 'open_failed',
        message: expect.stringContaining('inner.db'),
      }),
    );
  });
});
