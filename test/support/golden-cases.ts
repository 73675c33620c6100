import { existsSync } from 'node:fs';
import type { PlanContext } from '../../core/render/plan-context';
import { planFixture, plansDir } from './plan-fixtures';

/** The plans rendered in golden tests, each with the context it is rendered in. */
export const goldenFixtures = [
  'real-1.2-mixed',
  'real-1.2-destroy',
  'real-1.2-no-changes',
  'v0.1-actions',
  'v0.2-drift',
  'v1.0-moved',
  'v1.2-import',
  'v1.2-errored',
  'v1.2-reads-only',
  'v1.2-tricky-names',
  'risky-plan',
] as const;

/** The context a golden fixture is rendered in: its plan text when there is one, and fixed job facts. */
export function goldenContext(name: string): PlanContext {
  const ctx: PlanContext = {
    stack: 'aws/prod/network',
    sha: '0123456789abcdef0123456789abcdef01234567',
    jobId: 'j-golden-1',
    logUrl: 'https://logs.example.com/jobs/j-golden-1',
  };
  if (existsSync(`${plansDir}${name}.txt`)) ctx.planText = planFixture(`${name}.txt`);
  return ctx;
}
