import { watch } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhaseSteps } from '../../core/buildspec/steps';
import type { BuildProcess } from '../../core/jobs/job';
import type { Interrupt } from './run-process';
import type { SandboxLayout, SandboxTools } from './sandbox';
import type { StepsResult } from './step-executor';

/**
 * The files through which the bot and a build's detached driver (see build-driver.ts) talk, in
 * `<stateDir>/drivers/<jobId>/`: hidden from sandboxed builds, so a build cannot forge its own end.
 * `order.json` says what to run, `process.json` which process runs it, `stop.json` why the bot stops it, `end.json`
 * how it ended.
 */
export function driverDir(stateDir: string, jobId: string): string {
  return join(stateDir, 'drivers', jobId);
}

/** What a driver runs: the build's steps, as `executeSteps` takes them, in data. */
export interface DriverOrder {
  phases: readonly PhaseSteps[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The steps' private state directory (the carried-over environment). */
  stepsDir: string;
  bash: string;
  killGraceMs: number;
  interrupt: Interrupt;
  sandbox?: { tools: SandboxTools; layout: SandboxLayout };
  /** The build's log, appended to. */
  logPath: string;
  /**
   * When the driver stops the steps (ms since the epoch): the job's timeout counted from its build's start, not the
   * driver's, so that the time the bot took to check the commit out counts, and the driver, the timeout's only owner
   * once it runs, gets the time left. A restarted bot keeps no timer: the driver's deadline stands.
   */
  deadline: number;
  /** The job's timeout as configured, in ms, for the words of a timeout. */
  timeoutMs: number;
}

/** Why a driver stopped its steps: the bot asked (with its reason), or the timeout passed. */
export type DriverStop = { kind: 'stopped'; reason: string } | { kind: 'timed_out'; detail: string };

/** How the steps ended, written by the driver as its last act. */
export interface DriverEnd {
  steps: StepsResult;
  stop?: DriverStop;
}

const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'));

/** Writes a file whole or not at all: a reader never sees half of it. */
async function writeWhole(path: string, value: unknown): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  await rename(partial, path);
}

export const writeOrder = (dir: string, order: DriverOrder) => writeWhole(join(dir, 'order.json'), order);
export const readOrder = async (dir: string) => (await readJson(join(dir, 'order.json'))) as DriverOrder;

/**
 * Where the driver's process is noted the moment it starts, beside the store's copy on the job: a restart still finds
 * a driver whose job the bot had no time to update.
 */
export const writeProcess = (dir: string, driver: BuildProcess) => writeWhole(join(dir, 'process.json'), driver);

/** The driver's process as noted when it started, or undefined when nothing (well-formed) was noted. */
export async function readProcess(dir: string): Promise<BuildProcess | undefined> {
  try {
    const { processGroup, startTicks } = (await readJson(join(dir, 'process.json'))) as Partial<BuildProcess>;
    return Number.isInteger(processGroup) && Number.isInteger(startTicks)
      ? { processGroup: processGroup as number, startTicks: startTicks as number }
      : undefined;
  } catch {
    return undefined;
  }
}

export const writeStopReason = (dir: string, reason: string) => writeWhole(join(dir, 'stop.json'), { reason });

/** The reason the bot gave for stopping the build, or a plain one when it gave none (a signal from elsewhere). */
export async function readStopReason(dir: string): Promise<string> {
  try {
    const { reason } = (await readJson(join(dir, 'stop.json'))) as { reason?: unknown };
    return typeof reason === 'string' ? reason : 'the build was stopped';
  } catch {
    return 'the build was stopped';
  }
}

export const writeEnd = (dir: string, end: DriverEnd) => writeWhole(join(dir, 'end.json'), end);

/** The end the driver recorded, or undefined when it recorded none (it is still running, or it was killed). */
export async function readEnd(dir: string): Promise<DriverEnd | undefined> {
  try {
    return (await readJson(join(dir, 'end.json'))) as DriverEnd;
  } catch {
    return undefined;
  }
}

/**
 * Settles once the driver in `dir` has recorded its end (its last act: the bot need not wait for its process to
 * exit), or once `exited` settles, whichever comes first. Where the directory cannot be watched, only `exited`.
 */
export async function endRecorded(dir: string, exited: Promise<void>): Promise<void> {
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    await new Promise<void>((resolve) => {
      void exited.then(resolve);
      try {
        watcher = watch(dir, (_event, name) => {
          if (name === 'end.json') resolve();
        });
        watcher.on('error', () => undefined);
      } catch {
        return;
      }
      // Recorded before the watch began.
      void readEnd(dir).then((end) => end !== undefined && resolve());
    });
  } finally {
    watcher?.close();
  }
}
