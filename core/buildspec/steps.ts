import { type Buildspec, PHASE_NAMES, type PhaseName } from './buildspec';

/** Which runner executes a buildspec. */
export type RunnerKind = 'local' | 'codebuild';

/**
 * The marker of a command only CodeBuild runs (assuming the stack role, reading provider secrets, S3 transfers):
 * a command whose first line is exactly this comment. The local runner skips such commands.
 */
export const CODEBUILD_ONLY_MARKER = '# infrabot:codebuild-only';

/** One phase's commands as a runner executes them: `commands` until one fails, then always `finally`. */
export interface PhaseSteps {
  phase: PhaseName;
  commands: string[];
  finally: string[];
  /** `on-failure: CONTINUE`: later phases run even when this one fails. */
  continueOnFailure: boolean;
}

/** Whether a command is marked as CodeBuild-only (its first line is {@link CODEBUILD_ONLY_MARKER}). */
export function isCodeBuildOnly(command: string): boolean {
  const firstLine = command.split('\n', 1)[0] ?? '';
  return firstLine.trim() === CODEBUILD_ONLY_MARKER;
}

/**
 * The ordered phases and commands a runner of the given kind executes: CodeBuild runs everything, the local
 * runner everything except CodeBuild-only commands. Phases left without commands are dropped.
 */
export function stepsFor(buildspec: Buildspec, kind: RunnerKind): PhaseSteps[] {
  const keep = (command: string) => kind === 'codebuild' || !isCodeBuildOnly(command);
  const steps: PhaseSteps[] = [];
  for (const phase of PHASE_NAMES) {
    const definition = buildspec.phases[phase];
    if (definition === undefined) continue;
    const commands = definition.commands.filter(keep);
    const finallyCommands = definition.finally.filter(keep);
    if (commands.length === 0 && finallyCommands.length === 0) continue;
    steps.push({
      phase,
      commands,
      finally: finallyCommands,
      continueOnFailure: definition['on-failure'] === 'CONTINUE',
    });
  }
  return steps;
}

/** A short label for a command in logs and failure details: its first line that is not a comment. */
export function describeCommand(command: string, maxLength = 160): string {
  const line =
    command
      .split('\n')
      .map((text) => text.trim())
      .find((text) => text !== '' && !text.startsWith('#')) ?? command.trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
