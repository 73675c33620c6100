import { execFile, spawn } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Writable } from 'node:stream';

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface GroupProcessOptions {
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are copied here; the stream is not ended. */
  output: Writable;
  /** Aborting kills the whole process group: SIGTERM, then SIGKILL after `killGraceMs`. */
  signal: AbortSignal;
  killGraceMs: number;
}

/**
 * Runs a command in its own process group so that aborting stops it and everything it started
 * (terraform and its providers, `tee`, process substitutions).
 */
export function runInProcessGroup(options: GroupProcessOptions): Promise<ProcessEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(options.output, { end: false });
    child.stderr.pipe(options.output, { end: false });
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), options.killGraceMs);
    };
    if (options.signal.aborted) kill();
    else options.signal.addEventListener('abort', kill, { once: true });
    child.once('error', (error) => {
      options.signal.removeEventListener('abort', kill);
      reject(error);
    });
    child.once('close', (exitCode, signal) => {
      options.signal.removeEventListener('abort', kill);
      if (killTimer !== undefined) clearTimeout(killTimer);
      // Whatever the group left behind (a background process) does not outlive the step.
      signalGroup(child.pid, 'SIGKILL');
      resolve({ exitCode, signal });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
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
