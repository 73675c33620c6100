import { describe, expect, it } from 'vitest';
import { prRequirementsCheck } from '../../../../core/github/pr-apply';
import type { Job } from '../../../../core/jobs/job';
import { describeRefusal } from '../../../../core/render/refusal-text';
import { requestApply } from '../../../../core/usecases/request-apply';
import { FakePullRequests } from '../../../fakes/fake-pull-requests';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha, nextSha, testConfig } from '../../../fixtures/config';
import { succeededPlan } from '../../../fixtures/plan-job';

const applier = { source: 'slack', id: 'UAPPLIER' } as const;
const noAnnounce = async () => undefined;

/** The network stack requires an approval by someone else; UAPPLIER is alice on GitHub. */
function approvedConfig(people = [{ slack: 'UAPPLIER', github: 'alice' }]) {
  const base = testConfig();
  return testConfig({
    people,
    stacks: base.stacks.map((stack) =>
      stack.name === 'aws/prod/network' ? { ...stack, requirements: ['approved' as const] } : stack,
    ),
  });
}

/** A plan of the branch my-branch, at `nextSha`. */
function plan(overrides: Partial<Job> = {}): Job {
  return succeededPlan({ sha: nextSha, ref: 'my-branch', ...overrides });
}

/** A world whose PR #12 (head `nextSha`) was approved by `approver`, a writer, with GitHub's requirements wired. */
function worldWithPr(config: ReturnType<typeof testConfig>, approver: string) {
  const world = useCaseWorld(config);
  world.commits.refs['my-branch'] = nextSha;
  const pullRequests = new FakePullRequests();
  pullRequests.addPull(12, nextSha);
  pullRequests.permissions.set(approver, 'write');
  pullRequests.reviews.set(12, [{ login: approver, state: 'APPROVED', commitSha: nextSha }]);
  world.requestDeps.prRequirements = prRequirementsCheck({ pullRequests, store: world.store });
  return world;
}

describe('requirements everywhere', () => {
  it("refuses to apply a branch's plan to a stack that requires approved, naming what is missing", async () => {
    // Prepare
    const world = useCaseWorld(approvedConfig());
    world.commits.refs['my-branch'] = nextSha;
    await world.store.createJob(plan());

    // Act
    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: false, reason: 'unreviewed_plan', defaultBranch: 'main' });
    if (!outcome.ok) expect(describeRefusal(outcome)).toContain('requires approved before an apply');
    expect(world.runner.started).toHaveLength(0);
  });

  it("applies a plan of the default branch's current head to a stack with requirements", async () => {
    // Prepare
    const world = useCaseWorld(approvedConfig());
    await world.store.createJob(plan({ sha: mainSha, ref: 'main' }));

    // Act
    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: true, job: { action: 'apply', sha: mainSha } });
  });

  it('refuses a plan of an older commit of the default branch once the branch moved on', async () => {
    // Prepare
    const world = useCaseWorld(approvedConfig());
    await world.store.createJob(plan({ sha: mainSha, ref: undefined }));
    world.commits.refs.main = nextSha;

    // Act
    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: false, reason: 'unreviewed_plan' });
  });

  it("refuses a Slack apply of a PR's plan that only the applier approved, by their GitHub login from people", async () => {
    // Prepare
    const world = worldWithPr(approvedConfig(), 'alice');
    await world.store.createJob(plan({ pr: 12 }));

    // Act
    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: false, reason: 'requirements_unmet', pr: 12 });
    if (!outcome.ok) expect(describeRefusal(outcome)).toContain('someone other than @alice');
    expect(world.runner.started).toHaveLength(0);
  });

  it("applies a PR's plan from Slack that someone other than the applier approved", async () => {
    // Prepare
    const world = worldWithPr(approvedConfig(), 'bob');
    await world.store.createJob(plan({ pr: 12 }));

    // Act
    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: true, job: { pr: 12 } });
  });

  it('refuses a Slack apply needing approved when the applier has no GitHub login in people, saying so', async () => {
    // Prepare
    const world = worldWithPr(approvedConfig([]), 'bob');
    await world.store.createJob(plan({ pr: 12 }));

    // Act
    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    // Assess
    expect(outcome).toMatchObject({ ok: false, reason: 'no_github_login', userId: 'UAPPLIER' });
    if (!outcome.ok) expect(describeRefusal(outcome)).toContain('has no GitHub login in the people list');
    expect(world.runner.started).toHaveLength(0);
  });
});
