import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import { requestApply } from '../../../../core/usecases/request-apply';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha, nextSha } from '../../../fixtures/config';

const applier = { source: 'slack', id: 'UAPPLIER' } as const;
const noAnnounce = async () => undefined;
const counts = { create: 1, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0 };

function succeededPlan(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-plan-0001',
    action: 'plan',
    stack: 'aws/prod/network',
    sha: mainSha,
    ref: 'main',
    requestedBy: { source: 'slack', id: 'UALICE' },
    status: 'succeeded',
    createdAt: '2026-11-01T11:00:00.000Z',
    finishedAt: '2026-11-01T11:05:00.000Z',
    summary: { counts, hasChanges: true, changes: [], drift: [], outputs: [] },
    ...overrides,
  };
}

describe('requestApply', () => {
  it('applies the saved plan of the latest successful plan under the apply role', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: true, job: { action: 'apply', planJobId: 'j-plan-0001', sha: mainSha } });
    expect(world.runner.started[0]?.roleArn).toBe('arn:aws:iam::123456789012:role/infrabot-apply-network');
  });

  it('lets members of an applier group apply', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'USRE' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome.ok).toBe(true);
  });

  it('refuses someone who is not an applier and starts nothing', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'UMALLORY' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'not_authorized' });
    expect(world.runner.started).toHaveLength(0);
  });

  it('refuses without a successful plan', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan({ status: 'failed' }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'no_plan' });
  });

  it('refuses a plan older than the configured age', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());
    world.clock.advance(25 * 3_600_000);

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_too_old' });
  });

  it('refuses a plan whose branch has moved on since', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());
    world.commits.refs.main = nextSha;

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_stale', headSha: nextSha });
  });

  it('refuses a plan without changes', async () => {
    const world = useCaseWorld();
    const plan = succeededPlan();
    await world.store.createJob({
      ...plan,
      summary: { counts, hasChanges: false, changes: [], drift: [], outputs: [] },
    });

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'no_changes' });
  });

  it('refuses an Apply click on a plan that a newer plan replaced', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());
    await world.store.createJob(succeededPlan({ id: 'j-plan-0002', createdAt: '2026-11-01T11:30:00.000Z' }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', planJobId: 'j-plan-0001', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_superseded', latest: { id: 'j-plan-0002' } });
  });

  it('applies a plan only once', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan());
    await requestApply({ stack: 'aws/prod/network', requester: applier }, noAnnounce, world.requestDeps);

    const again = await requestApply({ stack: 'aws/prod/network', requester: applier }, noAnnounce, world.requestDeps);

    expect(again).toMatchObject({ ok: false, reason: 'already_applied' });
    expect(world.runner.started).toHaveLength(1);
  });

  it("refuses a Slack apply of a PR's plan while the PR misses the stack's requirements, naming each", async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan({ pr: 12 }));
    world.requestDeps.prRequirements = async () => [
      'an approving review by someone else on the head',
      'the PR is not mergeable',
    ];

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({
      ok: false,
      reason: 'requirements_unmet',
      pr: 12,
      unmet: ['an approving review by someone else on the head', 'the PR is not mergeable'],
    });
    expect(world.runner.started).toHaveLength(0);
  });

  it("applies a PR's plan from Slack once the PR meets the requirements", async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan({ pr: 12 }));
    world.requestDeps.prRequirements = async () => [];

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: true, job: { pr: 12, planJobId: 'j-plan-0001' } });
  });
});
