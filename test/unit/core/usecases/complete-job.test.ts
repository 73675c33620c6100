import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JobRequest } from '../../../../core/jobs/job-request';
import type { ArtifactName } from '../../../../core/ports';
import { completeJob } from '../../../../core/usecases/complete-job';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { MemoryArtifacts } from '../../../fakes/fake-ports';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/plans/${name}`, import.meta.url), 'utf8');

const request: JobRequest = {
  jobId: 'j-test-0001',
  action: 'plan',
  stack: 'aws/prod/network',
  sha: mainSha,
  requestedBy: { source: 'slack', id: 'UALICE' },
  reply: { channel: 'C1', ts: '1.1' },
};

/** Artifacts whose storage fails, as when S3 or the disk refuses a read. */
class UnreadableArtifacts extends MemoryArtifacts {
  override async get(_jobId: string, name: ArtifactName): Promise<Uint8Array | undefined> {
    throw new Error(`AccessDenied reading ${name}`);
  }
}

async function runningPlan(pr?: number) {
  const world = useCaseWorld();
  await dispatchJob(pr === undefined ? request : { ...request, pr }, world.dispatchDeps);
  return world;
}

/** A succeeded plan j-test-0001 with a saved plan, and its apply j-test-0002 running. */
async function runningApply() {
  const world = await runningPlan();
  await world.artifacts.put('j-test-0001', 'plan.json', fixture('real-1.2-mixed.json'));
  await world.artifacts.put('j-test-0001', 'tfplan', 'saved plan');
  await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'succeeded' }, world.completionDeps);
  const apply = { ...request, jobId: 'j-test-0002', action: 'apply' as const, planJobId: 'j-test-0001' };
  await dispatchJob(apply, world.dispatchDeps);
  return world;
}

describe('completeJob', () => {
  it('summarizes the plan, marks the job succeeded, releases the lock and reports with the plan text', async () => {
    const world = await runningPlan();
    await world.artifacts.put('j-test-0001', 'plan.json', fixture('real-1.2-mixed.json'));
    await world.artifacts.put('j-test-0001', 'plan.txt', fixture('real-1.2-mixed.txt'));

    const outcome = await completeJob(
      { jobId: 'j-test-0001', buildId: 'b1', result: 'succeeded' },
      world.completionDeps,
    );

    expect(outcome).toMatchObject({ ok: true, job: { status: 'succeeded', summary: { hasChanges: true } } });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
    expect(world.reporter.finished[0]?.planText).toContain('Terraform will perform');
    expect(world.store.audit.at(-1)).toMatchObject({ action: 'tf.plan', outcome: 'succeeded', jobId: 'j-test-0001' });
  });

  it('changes nothing when the same end is reported twice', async () => {
    const world = await runningPlan();
    await world.artifacts.put('j-test-0001', 'plan.json', fixture('real-1.2-mixed.json'));
    await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'succeeded' }, world.completionDeps);

    const again = await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'failed' }, world.completionDeps);

    expect(again).toMatchObject({ ok: false, reason: 'duplicate' });
    expect((await world.store.getJob('j-test-0001'))?.status).toBe('succeeded');
    expect(world.reporter.finished).toHaveLength(1);
  });

  it('reports a timed-out build as failed with the tail of its log, secrets masked', async () => {
    const world = await runningPlan();
    const log = `${Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n')}\nError: token xoxb-1234567890-abcdefghijk rejected`;
    await world.artifacts.put('j-test-0001', 'log.txt', log);

    await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'timed_out' }, world.completionDeps);

    const end = world.reporter.finished[0];
    expect(end?.job).toMatchObject({ status: 'failed', reason: 'the build timed out' });
    expect(end?.logTail).toContain('line 99');
    expect(end?.logTail).not.toContain('line 10\n');
    expect(end?.logTail).not.toContain('xoxb-1234567890');
  });

  it('marks a stopped build cancelled', async () => {
    const world = await runningPlan();

    await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'stopped' }, world.completionDeps);

    expect((await world.store.getJob('j-test-0001'))?.status).toBe('cancelled');
  });

  it('fails a build that succeeded without a readable plan', async () => {
    const world = await runningPlan();
    await world.artifacts.put('j-test-0001', 'plan.json', fixture('real-state.json'));

    await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'succeeded' }, world.completionDeps);

    expect(await world.store.getJob('j-test-0001')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('the plan could not be read'),
    });
  });

  it('keeps the lock of a PR after its plan ends', async () => {
    const world = await runningPlan(12);
    await world.artifacts.put('j-test-0001', 'plan.json', fixture('real-1.2-mixed.json'));

    await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'succeeded' }, world.completionDeps);

    const lock = await world.store.getLock('aws/prod/network', world.clock.now());
    expect(lock).toMatchObject({ owner: { kind: 'pr', pr: 12 } });
    expect(lock?.activeJobId).toBeUndefined();
  });

  it('refuses an event for a job it does not know', async () => {
    const world = useCaseWorld();

    const outcome = await completeJob(
      { jobId: 'j-nope-0001', buildId: 'b1', result: 'succeeded' },
      world.completionDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'unknown_job' });
  });

  it('fails a plan whose results cannot be read, and releases its lock', async () => {
    const world = await runningPlan(12);
    const completion = { ...world.completionDeps, artifacts: new UnreadableArtifacts() };

    const outcome = await completeJob({ jobId: 'j-test-0001', buildId: 'b1', result: 'succeeded' }, completion);

    expect(outcome).toMatchObject({
      ok: true,
      job: { status: 'failed', reason: expect.stringContaining('AccessDenied reading plan.json') },
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toMatchObject({
      owner: { kind: 'pr', pr: 12 },
    });
    expect((await world.store.getLock('aws/prod/network', world.clock.now()))?.activeJobId).toBeUndefined();
  });

  it('records a successful apply as succeeded even when its log cannot be read', async () => {
    const world = await runningApply();
    const completion = { ...world.completionDeps, artifacts: new UnreadableArtifacts() };

    const outcome = await completeJob({ jobId: 'j-test-0002', buildId: 'b2', result: 'succeeded' }, completion);

    expect(outcome).toMatchObject({ ok: true, job: { status: 'succeeded', summary: { hasChanges: true } } });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
  });

  describe('an apply stopped before Terraform ended by itself', () => {
    it('says who stopped it, that the state may need force-unlock with the lock ID Terraform printed, and to plan again', async () => {
      // Prepare: stopped by an admin through CodeBuild, whose log has Terraform's lock error
      const world = await runningApply();
      await world.store.updateJob('j-test-0002', { reason: 'stopped by <@UADMIN> (an admin)' });
      const log = [
        'Error: Error releasing the state lock',
        'Lock Info:',
        '  ID:        8f2c91d4-5e4b-7a1c-0d3e-96f0a1b2c3d4',
        '  Path:      infra-state/network/terraform.tfstate',
      ].join('\n');
      await world.artifacts.put('j-test-0002', 'log.txt', log);

      // Act
      const outcome = await completeJob(
        { jobId: 'j-test-0002', buildId: 'project:b2', result: 'stopped' },
        world.completionDeps,
      );

      // Assess
      expect(outcome).toMatchObject({ ok: true, job: { status: 'cancelled' } });
      const reason = (await world.store.getJob('j-test-0002'))?.reason ?? '';
      expect(reason).toContain('stopped by <@UADMIN> (an admin)');
      expect(reason).toContain('terraform force-unlock 8f2c91d4-5e4b-7a1c-0d3e-96f0a1b2c3d4');
      expect(reason).toContain('plan again before applying');
      expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
    });

    it('says nothing of force-unlock when Terraform ended on its interrupt', async () => {
      // Prepare
      const world = await runningApply();

      // Act
      await completeJob(
        {
          jobId: 'j-test-0002',
          buildId: 'local-j',
          result: 'stopped',
          detail: 'stopped by <@UADMIN> (an admin)',
          endedCleanly: true,
        },
        world.completionDeps,
      );

      // Assess
      expect((await world.store.getJob('j-test-0002'))?.reason).toBe('stopped by <@UADMIN> (an admin)');
    });
  });
});
