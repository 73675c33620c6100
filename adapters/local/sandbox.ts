import { lstatSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { capture, findOnPath } from './run-process';

/** A command line: what `runInProcessGroup` starts. */
export interface CommandLine {
  command: string;
  args: string[];
}

/** Turns a command line into the one that runs it in a build's sandbox. */
export type WrapCommand = (command: string, args: readonly string[]) => CommandLine;

/** A directory shown at another path inside the sandbox, writable: a build's own copy in place of the original. */
export interface Overlay {
  source: string;
  target: string;
}

/**
 * What one build may see of the state directory, the repository and the bot's own directory. Every other path of
 * the machine is read-only, except `/tmp`.
 *
 * bwrap follows links in a bind source: every source is created by the bot in a directory no build can see or
 * write (under `stateDir`), so that nothing a build did (a build's shell is started again when it died) can move
 * what a later sandbox is given.
 */
export interface SandboxLayout {
  /** Hidden behind an empty tmpfs: the store, every job's plans and logs, other builds' worktrees. */
  stateDir: string;
  /** The local clone: read-only, so that a build cannot plant hooks the bot's next `git` call would run. */
  repoDir: string;
  /**
   * The bot's home directory, read-only like the rest of the machine even where the machine's `/tmp` (writable)
   * holds it: a build reads `~/.aws` and `~/.terraformrc` but cannot change the configuration the bot's own git
   * and later builds read.
   */
  home?: string;
  /** Hidden behind an empty tmpfs before anything is shown again: the bot's working directory (its `.env`). */
  hidden: readonly string[];
  /** Shown again, writable: the build's worktree, its own job directory, scratch and plugin cache. */
  writable: readonly string[];
  /** Shown again, read-only: the plan an apply applies. */
  readable: readonly string[];
  /** Shown last: a plan's copy of its stack's local state (kept where no build can reach it), at the state's path. */
  overlays: readonly Overlay[];
}

/** A bind source that is a symbolic link: the sandbox would show the build whatever the link leads to. */
export class SandboxLayoutError extends Error {
  override readonly name = 'SandboxLayoutError';
  readonly code = 'linked_bind_source';
}

/** The programs that start a sandboxed build. */
export interface SandboxTools {
  bwrap: string;
  /**
   * coreutils `env` (8.31 or later), when it can set signal handling: `bwrap` then ignores SIGINT and SIGTERM and
   * outlives the build's own handling of them, and the build starts with both at their defaults. Without it a stop
   * kills `bwrap` at once, and the sandbox with it.
   */
  env?: string;
}

const SIGNALS = 'INT,TERM';

/**
 * The `bwrap` (bubblewrap) arguments that run a command with the machine's filesystem read-only (`/tmp` aside, and
 * a `/dev` of its own with only the usual devices), except the bot's own directory (hidden), the state directory
 * (an empty tmpfs with only the build's own parts bound back, writable) and the repository clone. The build gets
 * PID, IPC and user namespaces of its own, with a `/proc` of its own: it sees none of the bot's processes (their
 * environment, working directory or root), and everything it started dies with it. It holds no capability, so it
 * can change none of these mounts, even when the bot runs as root. No new session: the build stays in the process
 * group the runner signals.
 */
export function bwrapArgs(layout: SandboxLayout, command: string, args: readonly string[]): string[] {
  const binds = (flag: string, paths: readonly string[]) => paths.flatMap((path) => [flag, path, path]);
  const home = layout.home !== undefined && relative('/', layout.home) !== '' ? [layout.home] : [];
  return [
    ...BASE_ARGS,
    ...binds('--ro-bind-try', home),
    ...layout.hidden.flatMap((path) => ['--tmpfs', path]),
    '--ro-bind',
    layout.repoDir,
    layout.repoDir,
    '--tmpfs',
    layout.stateDir,
    ...binds('--bind', layout.writable),
    ...binds('--ro-bind', layout.readable),
    ...layout.overlays.flatMap((overlay) => ['--bind', overlay.source, overlay.target]),
    '--die-with-parent',
    '--',
    command,
    ...args,
  ];
}

/**
 * `bwrap`, when it is on `PATH` (as the bot's environment gives it) and works on this machine (it needs user
 * namespaces when not run as root), with `env` when that can set signal handling: checked with trial runs, once
 * per runner.
 */
export async function findBwrap(env: NodeJS.ProcessEnv): Promise<SandboxTools | undefined> {
  const bwrap = await findOnPath('bwrap', env);
  if (bwrap === undefined) return undefined;
  const trial = (command: string, args: readonly string[]) => [...TRIAL_ARGS, command, ...args];
  if (!(await succeeds(signalSafe({ bwrap }, trial, 'true', [])))) return undefined;
  const signalEnv = await findOnPath('env', env);
  if (signalEnv === undefined) return { bwrap };
  const tools = { bwrap, env: signalEnv };
  return (await succeeds(signalSafe(tools, trial, 'true', []))) ? tools : { bwrap };
}

// `/tmp` stays the machine's, writable: operators' tools live there. Builds are given a `TMPDIR` of their own (see
// local-build.ts), so the temporary files of tools that honour it stay out of every other build's sight.
// A user namespace of its own and no capabilities, even for a bot run as root (bwrap keeps a root caller's): a build
// that could still mount would unmount the tmpfs hiding the state directory, or remount `/` read-write.
const BASE_ARGS = [
  '--ro-bind',
  '/',
  '/',
  '--dev',
  '/dev',
  '--bind',
  '/tmp',
  '/tmp',
  '--unshare-pid',
  '--unshare-ipc',
  '--unshare-user',
  '--cap-drop',
  'ALL',
  '--proc',
  '/proc',
];

const TRIAL_ARGS = [...BASE_ARGS, '--'];

async function succeeds({ command, args }: CommandLine): Promise<boolean> {
  const trial = await capture(command, args, '/').catch(() => undefined);
  return trial?.exitCode === 0;
}

/**
 * `bwrap` running `command`: with `env`, bwrap starts with SIGINT and SIGTERM ignored, so that it stays until the
 * command has handled them, and the command starts with both at their defaults.
 */
function signalSafe(
  tools: SandboxTools,
  bwrapArguments: (command: string, args: readonly string[]) => string[],
  command: string,
  args: readonly string[],
): CommandLine {
  if (tools.env === undefined) return { command: tools.bwrap, args: bwrapArguments(command, args) };
  const inside = bwrapArguments(tools.env, [`--default-signal=${SIGNALS}`, '--', command, ...args]);
  return { command: tools.env, args: [`--ignore-signal=${SIGNALS}`, '--', tools.bwrap, ...inside] };
}

/**
 * Wraps a command of one build (its step shell) in `bwrap` with this layout, checking each time that no bind source
 * has become a symbolic link.
 */
export function sandboxedBy(tools: SandboxTools, layout: SandboxLayout): WrapCommand {
  return (command, args) => {
    refuseLinkedSources(layout);
    return signalSafe(tools, (inner, innerArgs) => bwrapArgs(layout, inner, innerArgs), command, args);
  };
}

function refuseLinkedSources(layout: SandboxLayout): void {
  const sources = [...layout.writable, ...layout.readable, ...layout.overlays.map((overlay) => overlay.source)];
  for (const source of sources) {
    if (lstatSync(source, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new SandboxLayoutError(`refusing to show a build ${source}: it is a symbolic link`);
    }
  }
}

/**
 * The bot's working directory, hidden from builds (it holds the `.env` the README's quick start sources), unless
 * hiding it would hide what builds need: the root, or the home directory (`~/.aws`, `~/.terraformrc`) and above.
 */
export function botDirsToHide(cwd: string, home: string | undefined): string[] {
  if (relative('/', cwd) === '') return [];
  if (home !== undefined && isInside(home, cwd)) return [];
  return [cwd];
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
