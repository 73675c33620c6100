import { describe, expect, it } from 'vitest';
import { requestApply } from '../../../../core/usecases/request-apply';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha, nextSha } from '../../../fixtures/config';
import { planSummary, succeededPlan } from '../../../fixtures/plan-job';

const applier = { source: 'slack', id: 'UAPPLIER' } as const;
const bob = { source: 'slack', id: 'UBOB' } as const;
const noAnnounce = async () => undefined;

describe('requestApply', () => {
  it("applies the saved plan of the requester's own latest successful plan under the apply role", async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan());

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
    await world.addPlan(succeededPlan({ requestedBy: { source: 'slack', id: 'USRE' } }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'USRE' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome.ok).toBe(true);
  });

  it('refuses someone who is not an applier and starts nothing', async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan());

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
    await world.addPlan(succeededPlan({ status: 'failed' }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'no_plan' });
  });

  it('refuses a plan older than the configured age', async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan());
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
    await world.addPlan(succeededPlan());
    world.commits.refs.main = nextSha;

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_stale', headSha: nextSha });
  });

  it('refuses, with the reason, when the repository cannot say where the branch is now', async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan());
    world.commits.unreachable = 'git could not reach the remote "origin": connection refused';

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'repository_unreachable', ref: 'main' });
    expect(world.runner.started).toHaveLength(0);
  });

  it('refuses a plan without changes', async () => {
    const world = useCaseWorld();
    await world.store.createJob(succeededPlan({ summary: { ...planSummary(), hasChanges: false } }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'no_changes' });
  });

  it('refuses an Apply click on a plan that a newer plan replaced', async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan());
    await world.addPlan(succeededPlan({ id: 'j-plan-0002', createdAt: '2026-11-01T11:30:00.000Z' }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', planJobId: 'j-plan-0001', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_superseded', latest: { id: 'j-plan-0002' } });
  });

  it("refuses someone else's latest plan when no plan is named, saying whose it is, and starts nothing", async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan({ requestedBy: { source: 'slack', id: 'USRE' } }));
    await world.addPlan(succeededPlan({ id: 'j-plan-0002', ref: 'feature', requestedBy: bob }));
    world.commits.refs.feature = mainSha;

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'USRE' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({
      ok: false,
      reason: 'plan_by_someone_else',
      plan: { id: 'j-plan-0002', ref: 'feature', requestedBy: bob },
      ageMs: 55 * 60_000,
    });
    expect(world.runner.started).toHaveLength(0);
    expect(await world.store.listJobs({ action: 'apply', limit: 10 })).toEqual([]);
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
  });

  it("says whether someone else's plan has an Apply button: only a plan an applier made in Slack does", async () => {
    const world = useCaseWorld();
    const reply = { channel: 'C0123ABC', ts: '1700000000.000100' };
    await world.addPlan(succeededPlan({ requestedBy: applier, reply }));
    const byApplier = await requestApply(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'USRE' } },
      noAnnounce,
      world.requestDeps,
    );
    await world.store.createJob(
      succeededPlan({ id: 'j-plan-0002', requestedBy: { source: 'slack', id: 'UALICE' }, reply }),
    );

    const byDeveloper = await requestApply(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'USRE' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(byApplier).toMatchObject({ reason: 'plan_by_someone_else', applyButton: true });
    expect(byDeveloper).toMatchObject({ reason: 'plan_by_someone_else', applyButton: false });
  });

  it('refuses a plan made on GitHub by a login that looks like the Slack user', async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan({ requestedBy: { source: 'github', id: 'UAPPLIER' } }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_by_someone_else' });
  });

  it("applies someone else's plan when the requester names it", async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan({ requestedBy: { source: 'slack', id: 'UALICE' } }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', planJobId: 'j-plan-0001', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({
      ok: true,
      job: { action: 'apply', planJobId: 'j-plan-0001', requestedBy: applier },
    });
  });

  it("refuses someone else's plan that is too old as too old, before saying whose it is", async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan({ requestedBy: bob }));
    world.clock.advance(25 * 3_600_000);

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'plan_too_old' });
  });

  it("applies a PR's latest plan for a request from GitHub, whoever made it", async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan({ pr: 12, requestedBy: { source: 'github', id: 'alice' } }));

    const outcome = await requestApply(
      { stack: 'aws/prod/network', pr: 12, requester: { source: 'github', id: 'bob' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: true, job: { pr: 12, planJobId: 'j-plan-0001' } });
  });

  it('applies a plan only once', async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan());
    await requestApply({ stack: 'aws/prod/network', requester: applier }, noAnnounce, world.requestDeps);

    const again = await requestApply({ stack: 'aws/prod/network', requester: applier }, noAnnounce, world.requestDeps);

    expect(again).toMatchObject({ ok: false, reason: 'already_applied' });
    expect(world.runner.started).toHaveLength(1);
  });

  it("refuses a Slack apply of a PR's plan while the PR misses the stack's requirements, naming each", async () => {
    const world = useCaseWorld();
    await world.addPlan(succeededPlan({ pr: 12 }));
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
    await world.addPlan(succeededPlan({ pr: 12 }));
    world.requestDeps.prRequirements = async () => [];

    const outcome = await requestApply(
      { stack: 'aws/prod/network', requester: applier },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: true, job: { pr: 12, planJobId: 'j-plan-0001' } });
  });
});
