import { z } from 'zod';

/**
 * The subset of the AWS CodeBuild buildspec format (version 0.2) that infrabot's buildspecs use, read by both
 * runners: environment variables, the four command phases with their `finally` blocks, and the cache paths.
 */

/** The command phases, in the order CodeBuild runs them. */
export const PHASE_NAMES = ['install', 'pre_build', 'build', 'post_build'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

const CommandSchema = z.string({ error: 'expected a command as a string (quote commands that contain ": ")' });

const PhaseSchema = z
  .object({
    'run-as': z.string().optional(),
    'on-failure': z.enum(['ABORT', 'CONTINUE'], { error: 'expected on-failure ABORT or CONTINUE' }).optional(),
    'runtime-versions': z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    commands: z.array(CommandSchema).default([]),
    finally: z.array(CommandSchema).default([]),
  })
  .strict();
export type BuildspecPhase = z.infer<typeof PhaseSchema>;

/** A buildspec as infrabot reads it. */
export const BuildspecSchema = z
  .object({
    version: z.union([z.literal(0.2), z.literal('0.2')], { error: 'expected version 0.2' }),
    env: z
      .object({
        shell: z.literal('bash', { error: 'expected shell: bash (both runners run the commands with bash)' }),
        variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
        'parameter-store': z.record(z.string(), z.string()).optional(),
        'secrets-manager': z.record(z.string(), z.string()).optional(),
        'exported-variables': z.array(z.string()).optional(),
      })
      .strict(),
    phases: z
      .object({
        install: PhaseSchema.optional(),
        pre_build: PhaseSchema.optional(),
        build: PhaseSchema.optional(),
        post_build: PhaseSchema.optional(),
      })
      .strict(),
    artifacts: z.unknown().optional(),
    cache: z
      .object({ paths: z.array(z.string()) })
      .strict()
      .optional(),
  })
  .strict();
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
