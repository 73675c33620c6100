import * as z from '../../core/zod';
import { BuildEnvironmentSchema, buildIdFromArn, jobIdOf } from './codebuild-event';

const phaseChangeType = 'CodeBuild Build Phase Change';

/** The EventBridge `CodeBuild Build Phase Change` event, with only the fields infrabot reads checked. */
export const CodeBuildPhaseChangeSchema = z.looseObject({
  'detail-type': z.literal(phaseChangeType),
  source: z.literal('aws.codebuild', { error: 'expected the source "aws.codebuild"' }),
  time: z.string(),
  detail: z.looseObject({
    'completed-phase': z.string(),
    'build-id': z.string(),
    'additional-information': z.looseObject({ environment: z.optional(BuildEnvironmentSchema) }),
  }),
});

export type BuildStartReading =
  | { kind: 'started'; jobId: string; buildId: string }
  | { kind: 'ignored'; why: string }
  | { kind: 'invalid'; why: string }
  /** The input does not call itself a phase change: it may be another kind of event. */
  | { kind: 'other' };

function claimsPhaseChange(input: unknown): boolean {
  return typeof input === 'object' && input !== null && Reflect.get(input, 'detail-type') === phaseChangeType;
}

/**
 * Reads the phase change that starts a build: its `QUEUED` phase completed, so it runs from now on, up to its
 * timeout. The job id comes from the build's INFRABOT_JOB_ID; other phases, and builds infrabot did not start,
 * are ignored.
 */
export function readBuildStart(input: unknown): BuildStartReading {
  if (!claimsPhaseChange(input)) return { kind: 'other' };
  const parsed = CodeBuildPhaseChangeSchema.safeParse(input);
  if (!parsed.success) return { kind: 'invalid', why: z.prettifyError(parsed.error) };
  const detail = parsed.data.detail;
  const phase = detail['completed-phase'];
  if (phase !== 'QUEUED') return { kind: 'ignored', why: `completed phase ${phase}` };
  const jobId = jobIdOf(detail['additional-information'].environment);
  if (!jobId) return { kind: 'ignored', why: `build ${detail['build-id']} has no INFRABOT_JOB_ID` };
  return { kind: 'started', jobId, buildId: buildIdFromArn(detail['build-id']) };
}
