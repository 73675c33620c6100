import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BuildProcess } from '../../core/jobs/job';
import { processStartTicks, stillRuns } from './process-tree';

const cliEntry = fileURLToPath(new URL('../../bin/infrabot.mjs', import.meta.url));

/** A driver the bot started or found again: its process, and a promise that settles when it has ended. */
export interface RunningDriver {
  process: BuildProcess;
  ended: Promise<void>;
}

/**
 * Starts `infrabot build-driver <dir>` detached (its own session and process group, no pipe to the bot), so that
 * it outlives the bot. The bot still waits for it (it is not unref'd): a shutdown reports the builds it let finish. Only PATH and HOME reach it: the steps' environment comes from its order file.
 */
export async function startDriver(dir: string): Promise<RunningDriver> {
  const child = spawn(process.execPath, [cliEntry, 'build-driver', dir], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir },
  });
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
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
