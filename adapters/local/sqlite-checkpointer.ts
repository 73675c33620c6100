import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker copies the write-ahead log into the database. */
const checkpointEveryMs = 200;

/**
 * The worker's code, as a CommonJS script: its own connection to the database, which checkpoints on a timer
 * until told to stop. PASSIVE never waits for the bot's connection, which keeps writing to the log meanwhile.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints a SQLite database in WAL mode from a worker thread. SQLite checkpoints on the writer's thread by
 * default, every 1,000 pages of log, and a checkpoint waits for the disk (`fsync`) for milliseconds to tens of
 * milliseconds: in the bot, that thread answers Slack, and every request waiting meanwhile waited too. The
 * owner turns its own checkpoints off while this runs (`wal_autocheckpoint = 0`), and back on if the worker fails.
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;

  constructor(path: string, busyTimeoutMs: number, onFailure: (error: unknown) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, {
      eval: true,
      workerData: { driver, path, busyTimeoutMs, everyMs: checkpointEveryMs },
    });
    this.worker.on('error', onFailure);
    // It never keeps the process alive on its own.
    this.worker.unref();
  }

  /** Stops the checkpoints; the worker closes its connection on its own thread. */
  stop(): void {
    this.worker.postMessage('stop');
  }
}
