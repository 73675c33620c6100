import { type ChildProcess, type IOType, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildProcess } from '../../core/jobs/job';
import { processStartTicks, stillRuns } from './process-tree';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cliEntry = `${root}bin/infrabot.mjs`;

let bundleEntry: Promise<string | undefined> | undefined;

/**
 * The CLI bundle's entry file, found once per bot rather than by every driver: `bin/infrabot.mjs` checks every
 * source file the bundle was built from before it loads it, a cost every build would pay again on the way to its
 * first step. Found again when it is gone (sources changed and another start replaced the bundle); undefined where
 * no bundle can be built (a read-only install), and drivers start through `bin/infrabot.mjs`.
 */
export async function cliBundleEntry(): Promise<string | undefined> {
  const known = await bundleEntry;
  if (known !== undefined && existsSync(known)) return known;
  // Imported by path, at run time: the bundler must not bundle the bundler.
  const bundler = pathToFileURL(`${root}bin/cli-bundle.mjs`).href;
  bundleEntry = (import(bundler) as Promise<typeof import('../../bin/cli-bundle.mjs')>)
    .then(({ cliBundle }) => cliBundle(root))
    .catch(() => undefined);
  return bundleEntry;
}

/** A driver the bot started or found again: its process, and a promise that settles when it has ended. */
export interface RunningDriver {
  process: BuildProcess;
  ended: Promise<void>;
}

/** The file a driver starts from: the CLI bundle when there is one, else `bin/infrabot.mjs`. */
export async function driverEntry(): Promise<string> {
  return (await cliBundleEntry()) ?? cliEntry;
}

/**
 * Starts `infrabot build-driver <args>` from `entry`, detached (its own session and process group, no pipe to the
 * bot), so that it outlives the bot. Only PATH and HOME reach it: the steps' environment comes from its order file.
 * `ipc` gives it the channel a spare driver is told its build through (see spare-driver.ts).
 */
export function spawnDriver(entry: string, args: readonly string[], cwd: string, ipc: boolean): ChildProcess {
  const stdio: IOType | Array<IOType | 'ipc'> = ipc ? ['ignore', 'ignore', 'ignore', 'ipc'] : 'ignore';
  return spawn(process.execPath, [entry, 'build-driver', ...args], {
    cwd,
    detached: true,
    stdio,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd },
  });
}

/** Settles once `child` has ended (or could not be started). */
export function endOf(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
}

/**
 * Starts the driver of the build in `dir` (from the CLI bundle, when there is one). The bot still waits for it (it
 * is not unref'd): a shutdown reports the builds it let finish.
 */
export async function startDriver(dir: string): Promise<RunningDriver> {
  const child = spawnDriver(await driverEntry(), [dir], dir, false);
  const ended = endOf(child);
  const pid = child.pid;
  if (pid === undefined) {
    await ended;
    throw new Error('the build driver could not be started');
  }
  return { process: { processGroup: pid, startTicks: (await processStartTicks(pid)) ?? 0 }, ended };
}

/** A driver started before a restart, found again: `ended` settles once it no longer runs (checked twice a second). */
export function watchDriver(driver: BuildProcess, intervalMs = 500): RunningDriver {
  const ended = new Promise<void>((resolve) => {
    const check = async () => {
      if (await stillRuns(driver.processGroup, driver.startTicks)) setTimeout(() => void check(), intervalMs);
      else resolve();
    };
    void check();
  });
  return { process: driver, ended };
}

/** Asks a driver to stop its build the safe way (its reason is in its directory); a driver already gone is fine. */
export function interruptDriver(driver: BuildProcess): void {
  try {
    process.kill(driver.processGroup, 'SIGINT');
  } catch {
    // Already gone.
  }
}
