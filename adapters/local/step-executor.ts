import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { PhaseName } from '../../core/buildspec/buildspec';
import { describeCommand, type PhaseSteps } from '../../core/buildspec/steps';
import { type Interrupt, runInProcessGroup } from './run-process';
import { unconfined, type WrapCommand } from './sandbox';

/**
 * Runs buildspec phases with bash the way CodeBuild does: commands one after another from the source
 * directory, each in its own bash process but sharing one environment (exported variables and the working
 * directory carry over to the next command), a phase stopping at its first failing command, and its
 * `finally` commands always running. A failed phase ends the build, except that `post_build` still runs
 * after a failed `build` (as in CodeBuild).
 */
export interface StepExecution {
  phases: readonly PhaseSteps[];
  /** The environment of the first command. */
  env: NodeJS.ProcessEnv;
  /** Where commands start (the source directory). */
  cwd: string;
  /** A private directory for the carried-over environment (it may hold secrets: delete it afterwards). */
  stateDir: string;
  /** Absolute path of bash. */
  bash: string;
  output: Writable;
  signal: AbortSignal;
  killGraceMs: number;
  /** What a stop interrupts first, and for how long (see runInProcessGroup). */
  interrupt?: Interrupt;
  /** How each command is started: inside a sandbox, or as it is (the default). */
  wrap?: WrapCommand;
}

export type StepsResult =
  | { ok: true }
  /** `endedCleanly`: no process had to be killed (Terraform, if running, ended on its interrupt). */
  | { ok: false; aborted: true; endedCleanly: boolean }
  | { ok: false; aborted: false; phase: PhaseName; command: string; exitCode: number };

type Failure = Extract<StepsResult, { aborted: false }>;
type Aborted = Extract<StepsResult, { aborted: true }>;

// Restores the previous command's environment and directory, runs the command, and saves both on exit
// (also when the command calls `exit`), in the exiting shell itself: no subshell to start for each step.
// Arguments: the state directory and the command. Both script and command are given inline, fresh for every
// command: nothing the build writes (its scratch is writable) changes what the next command runs.
const STEP_SCRIPT = `__infrabot_state="$1"; __infrabot_command="$2"; set --
if [ -f "$__infrabot_state/env" ]; then . "$__infrabot_state/env" 2> /dev/null; fi
if [ -f "$__infrabot_state/cwd" ]; then
  IFS= read -r __infrabot_cwd < "$__infrabot_state/cwd" && cd "$__infrabot_cwd" || exit 70
  unset __infrabot_cwd
fi
trap '__infrabot_rc=$?; umask 077; export -p > "$__infrabot_state/env"; pwd > "$__infrabot_state/cwd"; exit $__infrabot_rc' EXIT
eval "$__infrabot_command"
`;

/** Executes the phases in order; resolves with the first failure, or `aborted` once the signal fired. */
export async function executeSteps(execution: StepExecution): Promise<StepsResult> {
  await mkdir(execution.stateDir, { recursive: true, mode: 0o700 });
  let failure: Failure | undefined;
  let buildRan = false;
  for (const phase of execution.phases) {
    const runsAfterFailure = phase.phase === 'post_build' && buildRan;
    if (failure !== undefined && !runsAfterFailure) break;
    if (phase.phase === 'build') buildRan = true;
    const phaseFailure = await runPhase(execution, phase);
    if (typeof phaseFailure === 'object' && phaseFailure.aborted) return phaseFailure;
    if (phaseFailure !== undefined && !phase.continueOnFailure) failure ??= phaseFailure;
  }
  return failure ?? { ok: true };
}

async function runPhase(execution: StepExecution, phase: PhaseSteps): Promise<Failure | Aborted | undefined> {
  let failure: Failure | undefined;
  for (const command of phase.commands) {
    const exitCode = await runCommand(execution, phase.phase, command);
    if (typeof exitCode === 'object') return exitCode;
    if (exitCode !== 0) {
      failure = { ok: false, aborted: false, phase: phase.phase, command: describeCommand(command), exitCode };
      break;
    }
  }
  for (const command of phase.finally) {
    const exitCode = await runCommand(execution, phase.phase, command);
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
  const carriedOver = existsSync(join(execution.stateDir, 'env'));
  execution.output.write(`[infrabot] ${phase}: ${describeCommand(command)}\n`);
  const wrap = execution.wrap ?? unconfined;
  const end = await runInProcessGroup({
    ...wrap(execution.bash, ['-c', STEP_SCRIPT, 'infrabot-step', execution.stateDir, command]),
    cwd: execution.cwd,
    env: carriedOver ? {} : execution.env,
    output: execution.output,
    signal: execution.signal,
    killGraceMs: execution.killGraceMs,
    ...(execution.interrupt === undefined ? {} : { interrupt: execution.interrupt }),
  });
  if (execution.signal.aborted) return { ok: false, aborted: true, endedCleanly: end.stopped !== 'killed' };
  return end.exitCode ?? 128;
}
