import { fileURLToPath } from 'node:url';
import { type StackConfig, StackSchema } from '../../core/config/schema';
import type { Job } from '../../core/jobs/job';
import type { RunSpec } from '../../core/ports';

/** The repository's own buildspecs directory. */
export const buildspecDir = fileURLToPath(new URL('../../buildspecs', import.meta.url));

export const PLAN_ROLE = 'arn:aws:iam::123456789012:role/infrabot-plan-net';
export const APPLY_ROLE = 'arn:aws:iam::123456789012:role/infrabot-apply-net';

/** A stack from its config input, parsed by the real schema. */
export function stack(input: Partial<Record<keyof StackConfig, unknown>> & { name: string; dir: string }): StackConfig {
  return StackSchema.parse({ provider: 'aws', roles: { plan: PLAN_ROLE, apply: APPLY_ROLE }, ...input });
}

/** A run spec for a job of `stackConfig` at `sha`. */
export function runSpec(
  stackConfig: StackConfig,
  job: Partial<Job> & { id: string; sha: string },
  options: Partial<Omit<RunSpec, 'job' | 'stack'>> = {},
): RunSpec {
  const action = job.action ?? 'plan';
  return {
    job: {
      action,
      stack: stackConfig.name,
      requestedBy: { source: 'slack', id: 'U012ABCDEF' },
      status: 'running',
      createdAt: '2026-01-01T00:00:00.000Z',
      ...job,
    },
    stack: stackConfig,
    terraformBinary: 'terraform',
    roleArn: action === 'plan' ? stackConfig.roles.plan : stackConfig.roles.apply,
    timeoutMs: 60_000,
    stopGraceMs: 10_000,
    ...options,
  };
}
