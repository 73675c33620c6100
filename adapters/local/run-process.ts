import { type ChildProcess, execFile, type StdioOptions, spawn } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { findPrograms } from './process-tree';

/** How a process ended: its exit code, or the signal that killed it, and how a stop went if it was stopped. */
export interface ProcessEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /**
   * `interrupted`: Terraform got SIGINT and ended within its grace period; `killed`: the group was killed (no
   * Terraform was running, or it outlived its grace). Absent when nothing stopped it.
   */
  stopped?: 'interrupted' | 'killed';
}

/** How a stop interrupts Terraform before anything is killed. */
export interface Interrupt {
  /** The programs that get SIGINT (terraform or tofu), never their plugins, the shell or `tee`. */
  programs: readonly string[];
  /** How long they get to finish what they are doing and write their state. */
  graceMs: number;
}

export interface GroupProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are copied here; the stream is not ended. */
  output: Writable;
  /**
   * Aborting stops the command: Terraform, when one of `interrupt.programs` is running, gets SIGINT and its grace
   * period; then (or at once when none runs) the whole process group gets SIGTERM, and SIGKILL after `killGraceMs`.
   */
  signal: AbortSignal;
  killGraceMs: number;
  interrupt?: Interrupt;
  /** Open file descriptors the command gets as its descriptors 3, 4, …, in order (`ignore`: left closed). */
  extraFds?: readonly (number | 'ignore')[];
}

/**
 * Runs a command in its own process group so that aborting stops it and everything it started
 * (terraform and its providers, `tee`, process substitutions), Terraform first being asked the way it expects.
 */
export function runInProcessGroup(options: GroupProcessOptions): Promise<ProcessEnd> {
  return endOf(spawnInGroup(options, ['ignore', 'pipe', 'pipe', ...(options.extraFds ?? [])]), options);
}

/** A process started by `startControlled`: what it reads, what it reports on its fd 3, and its end. */
export interface ControlledProcess {
  input: Writable;
  reports: Readable;
  ended: Promise<ProcessEnd>;
}

/**
 * Starts a command as `runInProcessGroup` does, with a pipe to its stdin and one from its fd 3: the channel of a
 * process that takes orders and reports on them while it runs (the shell that runs a sandboxed build's steps).
 */
export function startControlled(options: GroupProcessOptions): ControlledProcess {
  const child = spawnInGroup(options, ['pipe', 'pipe', 'pipe', 'pipe']);
  const reports = child.stdio[3];
  if (child.stdin === null || !(reports instanceof Readable)) throw new Error('the controlled process has no pipes');
  // A process that ended early closes its stdin: writing then is not an error of the bot's.
  child.stdin.on('error', () => {});
  return { input: child.stdin, reports, ended: endOf(child, options) };
}

function spawnInGroup(options: GroupProcessOptions, stdio: StdioOptions): ChildProcess {
  return spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, detached: true, stdio });
}

function endOf(child: ChildProcess, options: GroupProcessOptions): Promise<ProcessEnd> {
  return new Promise((resolve, reject) => {
    // Both are pipes (the stdio given); typed as possibly absent once more descriptors are given.
    child.stdout?.pipe(options.output, { end: false });
    child.stderr?.pipe(options.output, { end: false });
    const timers: NodeJS.Timeout[] = [];
    let closed = false;
    let stopped: ProcessEnd['stopped'];
    const kill = () => {
      if (stopped === 'interrupted') options.output.write('[infrabot] the grace period is over: killing the build\n');
      stopped = 'killed';
      signalGroup(child.pid, 'SIGTERM');
      timers.push(setTimeout(() => signalGroup(child.pid, 'SIGKILL'), options.killGraceMs));
    };
    const stop = async () => {
      const interrupt = options.interrupt;
      const targets = interrupt && child.pid !== undefined ? await findPrograms(child.pid, interrupt.programs) : [];
      if (closed) return;
      if (interrupt === undefined || targets.length === 0) return kill();
      stopped = 'interrupted';
      options.output.write(
        `[infrabot] interrupting ${interrupt.programs.join('/')} (SIGINT); it has ${Math.round(interrupt.graceMs / 1000)} s to finish and write its state\n`,
      );
      for (const pid of targets) signalProcess(pid, 'SIGINT');
      timers.push(setTimeout(kill, interrupt.graceMs));
    };
    const onAbort = () => void stop();
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      closed = true;
      options.signal.removeEventListener('abort', onAbort);
      for (const timer of timers) clearTimeout(timer);
      // Whatever the group left behind (a background process) does not outlive the step.
      signalGroup(child.pid, 'SIGKILL');
      resolve({ exitCode, signal, ...(stopped === undefined ? {} : { stopped }) });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid !== undefined) signalProcess(-pid, signal);
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export interface CapturedProcess {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a short command (git) and captures its output; a non-zero exit is a value, not an exception. */
export function capture(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv) {
  return new Promise<CapturedProcess>((resolve, reject) => {
    execFile(command, [...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** The absolute path of an executable found on `PATH` (as given in `env`), or undefined. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (isAbsolute(name)) return (await isExecutable(name)) ? name : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
