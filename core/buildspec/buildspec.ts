import * as z from '../zod';

/**
 * The subset of the AWS CodeBuild buildspec format (version 0.2) that infrabot's buildspecs use, read by both
 * runners: environment variables, the four command phases with their `finally` blocks, and the cache paths.
 */

/** The command phases, in the order CodeBuild runs them. */
export const PHASE_NAMES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

const CommandSchema = z.string({ error: 'expected a command as a string (quote commands that contain ": ")' });

const PhaseSchema = z.strictObject({
  'run-as': z.optional(z.string()),
  'on-failure': z.optional(z.enum(['ABORT', 'CONTINUE'], { error: 'expected on-failure ABORT or CONTINUE' })),
  'runtime-versions': z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
  commands: z._default(z.array(CommandSchema), []),
  finally: z._default(z.array(CommandSchema), []),
});
export type BuildspecPhase = z.infer<typeof PhaseSchema>;

/** A buildspec as infrabot reads it. */
export const BuildspecSchema = z.strictObject({
  version: z.union([z.literal(0.2), z.literal('0.2')], { error: 'expected version 0.2' }),
  env: z.strictObject({
    shell: z.literal('bash', { error: 'expected shell: bash (both runners run the commands with bash)' }),
    variables: z._default(
      z.record(z.string(), z.pipe(z.union([z.string(), z.number(), z.boolean()]), z.transform(String))),
      {},
    ),
    'parameter-store': z.optional(z.record(z.string(), z.string())),
    'secrets-manager': z.optional(z.record(z.string(), z.string())),
    'exported-variables': z.optional(z.array(z.string())),
  }),
  phases: z.strictObject({
    install: z.optional(PhaseSchema),
    pre_build: z.optional(PhaseSchema),
    build: z.optional(PhaseSchema),
    post_build: z.optional(PhaseSchema),
  }),
  artifacts: z.optional(z.unknown()),
  cache: z.optional(z.strictObject({ paths: z.array(z.string()) })),
});
export type Buildspec = z.infer<typeof BuildspecSchema>;

export type BuildspecParseResult = { ok: true; buildspec: Buildspec } | { ok: false; error: string };

/**
 * Validates a parsed buildspec document (the YAML already turned into plain data).
 * On failure the error names each wrong field, e.g. `phases.build.commands.3: expected a command as a string`.
 */
export function parseBuildspec(document: unknown): BuildspecParseResult {
  const result = BuildspecSchema.safeParse(document);
  if (result.success) return { ok: true, buildspec: result.data };
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { ok: false, error: `invalid buildspec: ${problems.join('; ')}` };
}
