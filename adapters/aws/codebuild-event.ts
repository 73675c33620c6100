import type { BuildOutcome } from '../../core/ports';
import * as z from '../../core/zod';
import { toBuildState } from './codebuild-status';

const PhaseSchema = z.looseObject({
  'phase-type': z.string(),
  'phase-status': z.optional(z.string()),
  'phase-context': z.optional(z.array(z.string())),
});

/** The build's environment as CodeBuild's events give it; infrabot reads its INFRABOT_JOB_ID variable. */
export const BuildEnvironmentSchema = z.looseObject({
  'environment-variables': z._default(z.array(z.looseObject({ name: z.string(), value: z.optional(z.string()) })), []),
});

/** The job a build runs for (its INFRABOT_JOB_ID), when infrabot started it. */
export function jobIdOf(environment: z.infer<typeof BuildEnvironmentSchema> | undefined): string | undefined {
  const variables = environment?.['environment-variables'] ?? [];
  return variables.find((variable) => variable.name === 'INFRABOT_JOB_ID')?.value || undefined;
}

/** The EventBridge `CodeBuild Build State Change` event, with only the fields infrabot reads checked. */
export const CodeBuildStateChangeSchema = z.looseObject({
  'detail-type': z.literal('CodeBuild Build State Change', {
    error: 'expected an EventBridge "CodeBuild Build State Change" event',
  }),
  source: z.literal('aws.codebuild'),
  id: z.string(),
  time: z.string(),
  detail: z.looseObject({
    'build-status': z.string(),
    'project-name': z.string(),
    'build-id': z.string(),
    'additional-information': z.looseObject({
      environment: z.optional(BuildEnvironmentSchema),
      logs: z.optional(z.looseObject({ 'deep-link': z.optional(z.string()) })),
      phases: z._default(z.array(PhaseSchema), []),
    }),
  }),
});
export type CodeBuildStateChange = z.infer<typeof CodeBuildStateChangeSchema>;

export type CodeBuildEventReading =
  | { kind: 'finished'; outcome: BuildOutcome; event: CodeBuildStateChange }
  | { kind: 'ignored'; why: string }
  | { kind: 'invalid'; why: string };

/** `project:uuid`, the build id StartBuild returns, from a build ARN (`arn:…:build/project:uuid`). */
export function buildIdFromArn(arn: string): string {
  const index = arn.indexOf(':build/');
  return index === -1 ? arn : arn.slice(index + ':build/'.length);
}

/** The phase that ended the build, e.g. `BUILD phase FAILED: COMMAND_EXECUTION_ERROR: …`. */
function failedPhase(phases: z.infer<typeof PhaseSchema>[]): string | undefined {
  const phase = phases.find((candidate) => candidate['phase-status'] && candidate['phase-status'] !== 'SUCCEEDED');
  if (!phase) return undefined;
  const context = (phase['phase-context'] ?? []).filter((line) => line.trim() !== '' && line.trim() !== ':');
  const head = `${phase['phase-type']} phase ${phase['phase-status']}`;
  return context.length > 0 ? `${head}: ${context.join('; ')}` : head;
}

/**
 * Reads a build state change: a finished infrabot build becomes a `BuildOutcome` (its job id comes from the
 * build's INFRABOT_JOB_ID variable); a build still in progress, or one infrabot did not start, is ignored.
 */
export function readCodeBuildEvent(input: unknown): CodeBuildEventReading {
  const parsed = CodeBuildStateChangeSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', why: z.prettifyError(parsed.error) };
  const event = parsed.data;
  const detail = event.detail;
  const info = detail['additional-information'];
  const state = toBuildState(detail['build-status']);
  if (state.state !== 'finished') return { kind: 'ignored', why: `build status ${detail['build-status']}` };
  const jobId = jobIdOf(info.environment);
  if (!jobId) return { kind: 'ignored', why: `build ${detail['build-id']} has no INFRABOT_JOB_ID` };
  const logUrl = info.logs?.['deep-link'];
  const phase = state.result === 'succeeded' ? undefined : failedPhase(info.phases);
  const outcome: BuildOutcome = {
    jobId,
    buildId: buildIdFromArn(detail['build-id']),
    result: state.result,
    ...(logUrl ? { logUrl } : {}),
    ...(phase ? { detail: phase } : {}),
  };
  return { kind: 'finished', outcome, event };
}
