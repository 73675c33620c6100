import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhaseName } from '../../core/buildspec/buildspec';
import type { PhaseSteps } from '../../core/buildspec/steps';
import { writeBuildDriver } from './build-driver';
import { type BuildProcess, describeProcess, interruptTerraform, signalGroup } from './build-process';

/**
 * Runs buildspec phases with bash the way CodeBuild does: commands one after another from the source
 * directory, each in its own bash process but sharing one environment (exported variables and the working
 * directory carry over to the next command), a phase stopping at its first failing command, and its
 * `finally` commands always running. A failed phase ends the build, except that `post_build` still runs
 * after a failed `build` (as in CodeBuild).
 *
 * One bash driver, in a process group of its own, runs them all and appends their output to the log file
 * itself: the build goes on and records its end (`resultPath`) even if the bot that started it dies.
 */
export interface StepExecution {
  phases: readonly PhaseSteps[];
  /** The environment of the first command. */
  env: NodeJS.ProcessEnv;
  /** Where commands start (the source directory). */
  cwd: string;
  /** A private directory for the driver and the carried-over environment (it may hold secrets: delete it afterwards). */
  stateDir: string;
  /** Absolute path of bash. */
  bash: string;
  /** The build log; the build appends to it directly. */
  logPath: string;
  /** Where the driver writes how the build ended. */
  resultPath: string;
  signal: AbortSignal;
  /** How long a build stopped at once gets between SIGTERM and SIGKILL. */
  killGraceMs: number;
  /**
   * For applies: aborting sends SIGINT to terraform alone and waits `graceMs` for it to save its state and exit
   * before the group is killed. Without it, aborting terminates the whole group at once (plans).
   */
  interrupt?: { binary: string; graceMs: number };
  /** Told the build's process as soon as it runs, so that a bot restarted meanwhile can find it. */
  onStarted?: (build: BuildProcess) => Promise<void> | void;
}

export type StepsResult =
  | { ok: true }
  | { ok: false; aborted: true }
  | { ok: false; aborted: false; phase: PhaseName; command: string; exitCode: number };

/** Executes the phases in order; resolves with the first failure, or `aborted` once the signal fired. */
export async function executeSteps(execution: StepExecution): Promise<StepsResult> {
  await mkdir(execution.stateDir, { recursive: true, mode: 0o700 });
  await writeBuildDriver(execution.stateDir, execution.phases);
  if (execution.signal.aborted) return { ok: false, aborted: true };
  const exited = await runDriver(execution);
  if (execution.signal.aborted) return { ok: false, aborted: true };
  const result = await readStepsResult(execution.resultPath, execution.stateDir);
  return result ?? { ok: false, aborted: false, phase: 'build', command: 'the build', exitCode: exited ?? 128 };
}

async function runDriver(execution: StepExecution): Promise<number | null> {
  const log = openSync(execution.logPath, 'a');
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(
      execution.bash,
      [join(execution.stateDir, 'driver.sh'), execution.stateDir, execution.resultPath, execution.bash],
      { cwd: execution.cwd, env: execution.env, detached: true, stdio: ['ignore', log, log] },
    );
  } finally {
    closeSync(log);
  }
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  const build = child.pid === undefined ? undefined : await describeProcess(child.pid);
  if (build === undefined) return exited;
  await execution.onStarted?.(build);
  const stop = () => void stopBuild(build, execution, exited);
  if (execution.signal.aborted) stop();
  else execution.signal.addEventListener('abort', stop, { once: true });
  try {
    return await exited;
  } finally {
    execution.signal.removeEventListener('abort', stop);
    // Whatever the group left behind (a background process) does not outlive the build.
    signalGroup(build, 'SIGKILL');
  }
}

/**
 * Stops a running build: no further command starts (the driver checks for `stop`); an apply's terraform is
 * interrupted and given its grace period, a plan's whole group is terminated at once; then the group is killed.
 */
export async function stopBuild(
  build: BuildProcess,
  execution: Pick<StepExecution, 'stateDir' | 'interrupt' | 'killGraceMs'>,
  exited: Promise<unknown>,
): Promise<void> {
  await writeFile(join(execution.stateDir, 'stop'), '').catch(() => undefined);
  let graceMs = execution.killGraceMs;
  if (execution.interrupt === undefined) signalGroup(build, 'SIGTERM');
  else {
    await interruptTerraform(build, execution.interrupt.binary);
    graceMs = execution.interrupt.graceMs;
  }
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const killed = await Promise.race([exited.then(() => false), graceOver]);
  clearTimeout(timer);
  if (killed) signalGroup(build, 'SIGKILL');
}

/** How the driver said the build ended, or undefined when it wrote nothing (it was killed). */
export async function readStepsResult(resultPath: string, stateDir: string): Promise<StepsResult | undefined> {
  const text = await readFile(resultPath, 'utf8').catch(() => undefined);
  const [word, phase, code, index] = (text ?? '').trim().split(' ');
  if (word === 'ok') return { ok: true };
  if (word === 'stopped') return { ok: false, aborted: true };
  if (word !== 'failed') return undefined;
  const command = await readFile(join(stateDir, `c${index}.desc`), 'utf8').catch(() => 'a command');
  return { ok: false, aborted: false, phase: phase as PhaseName, command, exitCode: Number(code) };
}
