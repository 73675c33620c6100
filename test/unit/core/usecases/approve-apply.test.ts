import { describe, expect, it } from 'vitest';
import type { Job, Requester } from '../../../../core/jobs/job';
import { requestApply } from '../../../../core/usecases/request-apply';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { testConfig } from '../../../fixtures/config';
import { planSummary, succeededPlan } from '../../../fixtures/plan-job';

const alice = { source: 'slack', id: 'UALICE' } as const;
const applier = { source: 'slack', id: 'UAPPLIER' } as const;
const sre = { source: 'slack', id: 'USRE' } as const;
const noAnnounce = async () => undefined;
const flag = {
  rule: 'stateful-delete',
  address: 'aws_db_instance.main',
  reason: 'aws_db_instance.main will be replaced: a database loses its data',
} as const;

/** UALICE's plan replacing a database, flagged. */
function flaggedPlan(overrides: Partial<Job> = {}): Job {
  return succeededPlan({
    requestedBy: alice,
    summary: { ...planSummary({ replace: 1 }), risks: [flag] },
    ...overrides,
  });
}

async function approve(world: ReturnType<typeof useCaseWorld>, requester: Requester) {
  return requestApply(
    { stack: 'aws/prod/network', planJobId: 'j-plan-0001', requester },
    noAnnounce,
    world.requestDeps,
  );
}

describe('approving a plan with risk flags', () => {
  it("starts nothing on the first applier's approval and says one more is needed", async () => {
    const world = useCaseWorld();
    await world.addPlan(flaggedPlan());

    const outcome = await approve(world, applier);

    expect(outcome).toMatchObject({ ok: false, reason: 'needs_approvals', needed: 2, approvers: [applier] });
    expect(world.runner.started).toHaveLength(0);
  });

  it("refuses the same person's second approval and applies on another applier's", async () => {
    const world = useCaseWorld();
    await world.addPlan(flaggedPlan());
    await approve(world, applier);

    expect(await approve(world, applier)).toMatchObject({ ok: false, reason: 'already_approved' });
    const outcome = await approve(world, sre);

    expect(outcome).toMatchObject({ ok: true, job: { action: 'apply', planJobId: 'j-plan-0001' } });
    expect(outcome.ok && outcome.approvedBy).toEqual([applier, sre]);
    expect(world.runner.started).toHaveLength(1);
  });

  it('does not count the approval of whoever made the plan on GitHub, known from people', async () => {
    const world = useCaseWorld(testConfig({ people: [{ slack: 'UAPPLIER', github: 'Alice' }] }));
    await world.addPlan(flaggedPlan({ requestedBy: { source: 'github', id: 'alice' } }));

    const outcome = await approve(world, applier);

    expect(outcome).toMatchObject({ ok: false, reason: 'own_plan_approval', needed: 2, approvers: [] });
    expect(await world.store.listApprovals('j-plan-0001')).toEqual([]);
  });

  it("applies on the first other applier's approval when the stack needs one", async () => {
    const base = testConfig();
    const world = useCaseWorld(
      testConfig({
        stacks: base.stacks.map((stack) =>
          stack.name === 'aws/prod/network' ? { ...stack, risk: { approvals: 1 } } : stack,
        ),
      }),
    );
    await world.addPlan(flaggedPlan());

    const outcome = await approve(world, applier);

    expect(outcome).toMatchObject({ ok: true, approvedBy: [applier] });
  });

  it('applies a plan without flags on one click, with no approvals', async () => {
    const world = useCaseWorld();
    await world.addPlan(flaggedPlan({ summary: planSummary({ replace: 1 }) }));

    const outcome = await approve(world, applier);

    expect(outcome).toMatchObject({ ok: true, approvedBy: [] });
    expect(world.runner.started).toHaveLength(1);
  });

  it('writes an audit line for every approval, counted or not', async () => {
    const world = useCaseWorld();
    await world.addPlan(flaggedPlan({ requestedBy: applier }));
    await approve(world, applier);
    await approve(world, sre);

    const audit = await world.store.listAudit({ limit: 10 });

    expect(
      audit
        .filter((entry) => entry.action === 'tf.approve')
        .map(({ actor, outcome, detail }) => ({ actor, outcome, detail })),
    ).toEqual(
      expect.arrayContaining([
        { actor: applier, outcome: 'refused', detail: 'made the plan, so the approval does not count' },
        { actor: sre, outcome: 'accepted', detail: 'approval: 1 of 2' },
      ]),
    );
  });
});
