import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PlanDigest } from '../../../../core/jobs/job';
import type { JobRequest } from '../../../../core/jobs/job-request';
import { sha256Hex } from '../../../../core/jobs/plan-digest';
import { changesDigest } from '../../../../core/plan/changes-digest';
import { completeJob } from '../../../../core/usecases/complete-job';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

const planJson = readFileSync(new URL('../../../fixtures/plans/real-1.2-mixed.json', import.meta.url), 'utf8');
const plan: JobRequest = {
  jobId: 'j-reviewed',
  action: 'plan',
  stack: 'aws/prod/network',
  sha: mainSha,
  requestedBy: { source: 'slack', id: 'UALICE' },
};
const apply: JobRequest = { ...plan, jobId: 'j-apply', action: 'apply', planJobId: 'j-reviewed' };

/** A plan that ran and ended, its saved plan and plan.json left in the artifacts. */
async function endedPlan() {
  const world = useCaseWorld();
  await dispatchJob(plan, world.dispatchDeps);
  await world.artifacts.put('j-reviewed', 'plan.json', planJson);
  await world.artifacts.put('j-reviewed', 'tfplan', 'reviewed plan');
  await completeJob({ jobId: 'j-reviewed', buildId: 'b1', result: 'succeeded' }, world.completionDeps);
  return world;
}

describe('saved plan digests', () => {
  it('records the SHA-256 of tfplan and plan.json, and the digest of the changes plan.json shows, when a plan ends', async () => {
    // Act
    const world = await endedPlan();

    // Assess
    expect((await world.store.getJob('j-reviewed'))?.planDigest).toEqual({
      tfplan: sha256Hex('reviewed plan'),
      planJson: sha256Hex(planJson),
      changes: changesDigest(planJson),
    });
  });

  it('starts an apply of an unchanged saved plan with the digests its build must verify', async () => {
    // Prepare
    const world = await endedPlan();

    // Act
    await dispatchJob(apply, world.dispatchDeps);

    // Assess
    expect(world.runner.started.at(-1)?.plan).toEqual({
      jobId: 'j-reviewed',
      sha: mainSha,
      tfplanDigest: sha256Hex('reviewed plan'),
      changesDigest: changesDigest(planJson),
    });
  });

  it('records the SHA-256 of the plan text reviewers were shown, and starts the apply with it for its build to verify', async () => {
    // Prepare
    const world = useCaseWorld();
    await dispatchJob(plan, world.dispatchDeps);
    await world.artifacts.put('j-reviewed', 'plan.json', planJson);
    await world.artifacts.put('j-reviewed', 'plan.txt', '  + input = "10.0.0.0/8"\n');
    await world.artifacts.put('j-reviewed', 'tfplan', 'reviewed plan');
    await completeJob({ jobId: 'j-reviewed', buildId: 'b1', result: 'succeeded' }, world.completionDeps);

    // Act
    await dispatchJob(apply, world.dispatchDeps);

    // Assess
    expect((await world.store.getJob('j-reviewed'))?.planDigest?.planText).toBe(
      sha256Hex('  + input = "10.0.0.0/8"\n'),
    );
    expect(world.runner.started.at(-1)?.plan?.planTextDigest).toBe(sha256Hex('  + input = "10.0.0.0/8"\n'));
  });

  it('fails an apply whose saved plan changed after its plan ended, says why, writes an audit line and starts no build', async () => {
    // Prepare
    const world = await endedPlan();
    await world.artifacts.put('j-reviewed', 'tfplan', 'forged plan');

    // Act
    const outcome = await dispatchJob(apply, world.dispatchDeps);

    // Assess
    const why = `the saved plan of j-reviewed changed after its plan ended (SHA-256 ${sha256Hex('forged plan').slice(0, 12)}…, recorded ${sha256Hex('reviewed plan').slice(0, 12)}…): nothing was applied; plan the stack again`;
    expect(outcome).toEqual({ ok: false, reason: 'dispatch_failed', why });
    expect(await world.store.getJob('j-apply')).toMatchObject({ status: 'failed', reason: why });
    expect(world.store.audit.at(-1)).toMatchObject({ action: 'tf.apply', outcome: 'failed', detail: why });
    expect(world.runner.started.filter((spec) => spec.job.action === 'apply')).toEqual([]);
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
  });

  it('refuses to apply a plan that recorded no digest', async () => {
    // Prepare: a plan whose build left no tfplan
    const world = useCaseWorld();
    await dispatchJob(plan, world.dispatchDeps);
    await world.artifacts.put('j-reviewed', 'plan.json', planJson);
    await completeJob({ jobId: 'j-reviewed', buildId: 'b1', result: 'succeeded' }, world.completionDeps);

    // Act
    const outcome = await dispatchJob(apply, world.dispatchDeps);

    // Assess
    expect(outcome).toMatchObject({
      ok: false,
      why: 'plan j-reviewed recorded no digest of its saved plan; plan the stack again',
    });
    expect(world.runner.started.filter((spec) => spec.job.action === 'apply')).toEqual([]);
  });

  it('refuses to apply a plan recorded before the digest of its reviewed changes was kept', async () => {
    // Prepare: the plan's record has the digests of its files only
    const world = await endedPlan();
    const recorded = await world.store.getJob('j-reviewed');
    const { tfplan, planJson: planJsonDigest } = recorded?.planDigest ?? { tfplan: '', planJson: '' };
    await world.store.updateJob('j-reviewed', { planDigest: { tfplan, planJson: planJsonDigest } as PlanDigest });

    // Act
    const outcome = await dispatchJob(apply, world.dispatchDeps);

    // Assess
    expect(outcome).toMatchObject({
      ok: false,
      why: 'plan j-reviewed recorded no digest of its saved plan; plan the stack again',
    });
    expect(world.runner.started.filter((spec) => spec.job.action === 'apply')).toEqual([]);
  });

  it("takes a failed apply's reason from its build's own refusal", async () => {
    // Prepare
    const world = await endedPlan();
    await dispatchJob(apply, world.dispatchDeps);
    await world.artifacts.put(
      'j-apply',
      'log.txt',
      'init ok\ninfrabot: refusing to apply: the saved plan changed after its plan ended (SHA-256 abc, recorded def); plan the stack again\n',
    );

    // Act
    await completeJob(
      { jobId: 'j-apply', buildId: 'b2', result: 'failed', detail: 'BUILD phase FAILED' },
      world.completionDeps,
    );

    // Assess
    expect((await world.store.getJob('j-apply'))?.reason).toBe(
      'refused to apply: the saved plan changed after its plan ended (SHA-256 abc, recorded def); plan the stack again',
    );
    expect(world.store.audit.at(-1)).toMatchObject({ action: 'tf.apply', outcome: 'failed' });
  });
});
