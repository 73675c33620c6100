import { existsSync } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { PhaseName } from '../../core/buildspec/buildspec';
import { describeCommand, type PhaseSteps } from '../../core/buildspec/steps';
import { type Interrupt, type ProcessEnd, runInProcessGroup, startControlled } from './run-process';
import type { WrapCommand } from './sandbox';
import { exportStatements, SHELL_SCRIPT, StepShell } from './step-shell';

/**
 * Runs buildspec phases with bash the way CodeBuild does: commands one after another from the source
 * directory, each in its own bash process (in a sandbox, each in a subshell of one shell) but sharing one
 * environment (exported variables and the working directory carry over to the next command), a phase stopping at its first failing command, and its
 * `finally` commands always running. A failed phase ends the build, except that `post_build` still runs
 * after a failed `build` (as in CodeBuild).
 */
export interface StepExecution {
  phases: readonly PhaseSteps[];
  /** The environment of the first command. */
  env: NodeJS.ProcessEnv;
  /** Where commands start (the source directory). */
  cwd: string;
  /**
   * A private directory for the environment carried over between commands run without a sandbox (it may hold
   * secrets: delete it afterwards), outside everything a build sees. A sandboxed build's stays in memory.
   */
  stateDir: string;
  /** Absolute path of bash. */
  bash: string;
  output: Writable;
  signal: AbortSignal;
  killGraceMs: number;
  /** What a stop interrupts first, and for how long (see runInProcessGroup). */
  interrupt?: Interrupt;
  /**
   * The sandbox every command runs in: one, started for the first command, with one shell that runs the commands
   * (see step-shell.ts). Without it, each command runs as it is in a bash of its own.
   */
  sandbox?: WrapCommand;
}

export type StepsResult =
  | { ok: true }
  /** `endedCleanly`: no process had to be killed (Terraform, if running, ended on its interrupt). */
  | { ok: false; aborted: true; endedCleanly: boolean }
  | { ok: false; aborted: false; phase: PhaseName; command: string; exitCode: number };

type Failure = Extract<StepsResult, { aborted: false }>;
type Aborted = Extract<StepsResult, { aborted: true }>;

// Restores the previous command's environment and directory (given on descriptor 4 when there is one), runs the
// command, and saves both on exit (also when the command calls `exit`) to descriptor 3, in the exiting shell itself:
// no subshell to start for each step. Both descriptors are opened by the runner on files in a directory no build
// sees, and the command runs without them: nothing it starts can write what the next command sources. Script and
// command are given inline, fresh for every command.
const STEP_SCRIPT = `__infrabot_command="$1"; __infrabot_carried="$2"; set --
if [ "$__infrabot_carried" = carried ]; then
  . /dev/fd/4 2> /dev/null
  cd "$__infrabot_cwd" || exit 70
  unset __infrabot_cwd
fi
exec 4<&-
unset __infrabot_carried
trap '__infrabot_rc=$?; { export -p; printf "__infrabot_cwd=%q\\n" "$PWD"; } >&3; exit $__infrabot_rc' EXIT
eval "$__infrabot_command" 3>&-
`;

/** Executes the phases in order; resolves with the first failure, or `aborted` once the signal fired. */
export async function executeSteps(execution: StepExecution): Promise<StepsResult> {
  const sandbox = execution.sandbox;
  if (sandbox === undefined) {
    await mkdir(execution.stateDir, { recursive: true, mode: 0o700 });
    return executePhases(execution, (phase, command) => runCommand(execution, phase, command));
  }
  const shell = new StepShell(
    () =>
      startControlled({
        // Its stdin is a socket: bash would read ~/.bashrc as if started by sshd.
        ...sandbox(execution.bash, ['--norc', '-c', SHELL_SCRIPT, 'infrabot-shell']),
        ...processOptions(execution),
        // The build's environment reaches its first command through the shell's input (see step-shell.ts).
        env: {},
      }),
    exportStatements(execution.env),
  );
  try {
    return await executePhases(execution, (phase, command) => runInShell(execution, shell, phase, command));
  } finally {
    await shell.close();
  }
}

type RunCommand = (phase: PhaseName, command: string) => Promise<number | Aborted>;

async function executePhases(execution: StepExecution, run: RunCommand): Promise<StepsResult> {
  let failure: Failure | undefined;
  let buildRan = false;
  for (const phase of execution.phases) {
    const runsAfterFailure = phase.phase === 'post_build' && buildRan;
    if (failure !== undefined && !runsAfterFailure) break;
    if (phase.phase === 'build') buildRan = true;
    const phaseFailure = await runPhase(phase, run);
    if (typeof phaseFailure === 'object' && phaseFailure.aborted) return phaseFailure;
    if (phaseFailure !== undefined && !phase.continueOnFailure) failure ??= phaseFailure;
  }
  return failure ?? { ok: true };
}

async function runPhase(phase: PhaseSteps, run: RunCommand): Promise<Failure | Aborted | undefined> {
  let failure: Failure | undefined;
  for (const command of phase.commands) {
    const exitCode = await run(phase.phase, command);
    if (typeof exitCode === 'object') return exitCode;
    if (exitCode !== 0) {
      failure = { ok: false, aborted: false, phase: phase.phase, command: describeCommand(command), exitCode };
      break;
    }
  }
  for (const command of phase.finally) {
    const exitCode = await run(phase.phase, command);
    if (typeof exitCode === 'object') return exitCode;
    if (exitCode !== 0) {
      failure ??= { ok: false, aborted: false, phase: phase.phase, command: describeCommand(command), exitCode };
    }
  }
  return failure;
}

async function runCommand(execution: StepExecution, phase: PhaseName, command: string): Promise<number | Aborted> {
  if (execution.signal.aborted) return { ok: false, aborted: true, endedCleanly: true };
  // After the first command the saved environment is the whole environment (so `unset` carries over too).
  const saved = join(execution.stateDir, 'env');
  const carriedOver = existsSync(saved);
  execution.output.write(`[infrabot] ${phase}: ${describeCommand(command)}\n`);
  const next = join(execution.stateDir, 'env.next');
  const out = await open(next, 'w', 0o600);
  const input = carriedOver ? await open(saved, 'r') : undefined;
  let end: ProcessEnd;
  try {
    end = await runInProcessGroup({
      command: execution.bash,
      args: ['-c', STEP_SCRIPT, 'infrabot-step', command, carriedOver ? 'carried' : 'first'],
      ...processOptions(execution),
      env: carriedOver ? {} : execution.env,
      extraFds: [out.fd, input?.fd ?? 'ignore'],
    });
  } finally {
    await out.close();
    await input?.close();
  }
  // A command killed before its exit trap saved nothing: the next one starts from the last environment saved.
  if ((await stat(next)).size > 0) await rename(next, saved);
  if (execution.signal.aborted) return { ok: false, aborted: true, endedCleanly: end.stopped !== 'killed' };
  return end.exitCode ?? 128;
}

/** One command in the build's shell; a stop lets the shell end (Terraform interrupted first) before it returns. */
async function runInShell(
  execution: StepExecution,
  shell: StepShell,
  phase: PhaseName,
  command: string,
): Promise<number | Aborted> {
  if (execution.signal.aborted) return { ok: false, aborted: true, endedCleanly: true };
  const ended = await shell.run(`[infrabot] ${phase}: ${describeCommand(command)}`, command);
  if (execution.signal.aborted) {
    const end = 'shellEnded' in ended ? ended.shellEnded : await shell.close();
    return { ok: false, aborted: true, endedCleanly: end?.stopped !== 'killed' };
  }
  return 'exitCode' in ended ? ended.exitCode : (ended.shellEnded.exitCode ?? 128);
}

function processOptions(execution: StepExecution) {
  return {
    cwd: execution.cwd,
    output: execution.output,
    signal: execution.signal,
    killGraceMs: execution.killGraceMs,
    ...(execution.interrupt === undefined ? {} : { interrupt: execution.interrupt }),
  };
}
