import type { GitHubDeps } from '../../core/github/deps';
import type { PlanSummary } from '../../core/plan/summary';
import { testConfig } from '../fixtures/config';
import { SAVED_PLAN, savedPlanDigest } from '../fixtures/saved-plan';
import { FakePullRequests } from './fake-pull-requests';
import { useCaseWorld } from './use-case-world';

/** The job use-case world plus a fake GitHub; stacks are affected by files under their `dir`. */
export function githubWorld(config = testConfig()) {
  const world = useCaseWorld(config);
  const pullRequests = new FakePullRequests();
  const deps: GitHubDeps = {
    ...world.requestDeps,
    pullRequests,
    affectedStacks: async (files) =>
      config.stacks
        .filter((stack) => files.some((file) => file.startsWith(`${stack.dir}/`)))
        .map((stack) => stack.name),
  };
  /** Ends a running job as a successful plan with `summary`, as the completion use case would. */
  async function finishPlan(jobId: string, summary: PlanSummary = changes()) {
    await world.artifacts.put(jobId, 'tfplan', SAVED_PLAN);
    const job = await world.store.transitionJob(jobId, 'succeeded', {
      summary,
      planDigest: savedPlanDigest,
      finishedAt: world.clock.now().toISOString(),
    });
    if (job) await world.store.releaseJobLock(job.stack, job.id, world.clock.now());
    return job;
  }
  return { ...world, pullRequests, deps, finishPlan };
}

export function changes(overrides: Partial<PlanSummary['counts']> = {}): PlanSummary {
  const counts = { create: 1, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0, ...overrides };
  return { counts, hasChanges: true, changes: [], drift: [], outputs: [] };
}

/** A plan with changes and one risk flag (a database deleted). */
export function risky(): PlanSummary {
  const flag = {
    rule: 'stateful-delete' as const,
    address: 'aws_db_instance.main',
    reason: 'aws_db_instance.main will be deleted: a database loses its data',
  };
  return { ...changes({ create: 0, delete: 1 }), risks: [flag] };
}

export function noChanges(): PlanSummary {
  return { ...changes({ create: 0 }), hasChanges: false };
}
