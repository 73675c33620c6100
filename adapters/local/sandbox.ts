import { capture, findOnPath } from './run-process';

/** A command line: what `runInProcessGroup` starts. */
export interface CommandLine {
  command: string;
  args: string[];
}

/** Turns a build step's command line into the one that runs it (in a sandbox, or as it is). */
export type WrapCommand = (command: string, args: readonly string[]) => CommandLine;

/** What one build may see of the state directory and the repository. */
export interface SandboxLayout {
  /** Hidden behind an empty tmpfs: the store, every job's plans and logs, other builds' worktrees. */
  stateDir: string;
  /** The local clone: read-only, so that a build cannot plant hooks the bot's next `git` call would run. */
  repoDir: string;
  /** Shown again, writable: the build's worktree, its own job directory, scratch and plugin cache. */
  writable: readonly string[];
  /** Shown again, read-only: the plan an apply applies. */
  readable: readonly string[];
}

/**
 * The `bwrap` (bubblewrap) arguments that run a command with the machine's filesystem as it is, except the state
 * directory (an empty tmpfs with only the build's own parts bound back) and the repository clone (read-only).
 * No new session or PID namespace: stopping the process group still reaches Terraform.
 */
export function bwrapArgs(layout: SandboxLayout, command: string, args: readonly string[]): string[] {
  const binds = (flag: string, paths: readonly string[]) => paths.flatMap((path) => [flag, path, path]);
  return [
    '--dev-bind',
    '/',
    '/',
    '--ro-bind',
    layout.repoDir,
    layout.repoDir,
    '--tmpfs',
    layout.stateDir,
    ...binds('--bind', layout.writable),
    ...binds('--ro-bind', layout.readable),
    '--die-with-parent',
    '--',
    command,
    ...args,
  ];
}

/** Runs commands as they are: the fallback where `bwrap` is missing or cannot create a sandbox here. */
export const unconfined: WrapCommand = (command, args) => ({ command, args: [...args] });

/**
 * `bwrap`, when it is on `PATH` (as the bot's environment gives it) and works on this machine (it needs user
 * namespaces when not run as root): checked with a trial run, once per runner.
 */
export async function findBwrap(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const bwrap = await findOnPath('bwrap', env);
  if (bwrap === undefined) return undefined;
  const trial = await capture(bwrap, ['--dev-bind', '/', '/', '--', 'true'], '/').catch(() => undefined);
  return trial?.exitCode === 0 ? bwrap : undefined;
}

/** Wraps each command of one build in `bwrap` with this layout. */
export function sandboxedBy(bwrap: string, layout: SandboxLayout): WrapCommand {
  return (command, args) => ({ command: bwrap, args: bwrapArgs(layout, command, args) });
}
