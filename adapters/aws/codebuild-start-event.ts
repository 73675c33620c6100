import * as z from '../../core/zod';
import { buildIdFromArn } from './codebuild-event';

const phaseChangeType = 'CodeBuild Build Phase Change';

/** The EventBridge `CodeBuild Build Phase Change` event, with only the fields infrabot reads checked. */
export const CodeBuildPhaseChangeSchema = z.looseObject({
  'detail-type': z.literal(phaseChangeType),
  source: z.literal('aws.codebuild', { error: 'expected the source "aws.codebuild"' }),
  time: z.string(),
  detail: z.looseObject({
    'completed-phase': z.string(),
    'build-id': z.string(),
    'additional-information': z.looseObject({
      environment: z.optional(
        z.looseObject({
          'environment-variables': z._default(
            z.array(z.looseObject({ name: z.string(), value: z.optional(z.string()) })),
            [],
          ),
        }),
      ),
    }),
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
  const variables = detail['additional-information'].environment?.['environment-variables'] ?? [];
  const jobId = variables.find((variable) => variable.name === 'INFRABOT_JOB_ID')?.value;
  if (!jobId) return { kind: 'ignored', why: `build ${detail['build-id']} has no INFRABOT_JOB_ID` };
  return { kind: 'started', jobId, buildId: buildIdFromArn(detail['build-id']) };
}
