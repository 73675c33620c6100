import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import type { BuildRecovery } from '../../../../core/ports';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { recoverInterruptedJobs } from '../../../../core/usecases/recover-interrupted-jobs';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

/** A runner's view of the builds an earlier bot started: what `reattach` finds, by job id. */
class FoundBuilds implements BuildRecovery {
  readonly asked: string[] = [];
  constructor(private readonly found: Record<string, 'running' | 'ended' | 'lost'>) {}
  async reattach(job: Job) {
    this.asked.push(job.id);
    return this.found[job.id] ?? 'lost';
  }
}

const request = (jobId: string) => ({
  jobId,
  action: 'plan' as const,
  stack: 'aws/prod/network',
  sha: mainSha,
  requestedBy: { source: 'slack' as const, id: 'U1' },
});

describe('recoverInterruptedJobs', () => {
  it('fails the jobs whose builds a restart lost and releases their locks', async () => {
    // Prepare
    const world = useCaseWorld();
    await dispatchJob(request('j-lost-0001'), world.dispatchDeps);

    // Act
    const recovered = await recoverInterruptedJobs({ ...world.dispatchDeps, recovery: new FoundBuilds({}) });

    // Assess
    expect(recovered.failed.map((job) => job.id)).toEqual(['j-lost-0001']);
    expect(await world.store.getJob('j-lost-0001')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('restarted'),
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
    expect(world.reporter.finished).toHaveLength(1);
  });

  it('keeps the lock of a job whose build still runs, so a second job of the stack is refused', async () => {
    // Prepare
    const world = useCaseWorld();
    await dispatchJob(request('j-orphan-0001'), world.dispatchDeps);
    const recovery = new FoundBuilds({ 'j-orphan-0001': 'running' });

    // Act
    const recovered = await recoverInterruptedJobs({ ...world.dispatchDeps, recovery });
    const second = await dispatchJob(request('j-second-0001'), world.dispatchDeps);

    // Assess
    expect(recovered.stillRunning.map((job) => job.id)).toEqual(['j-orphan-0001']);
    expect((await world.store.getJob('j-orphan-0001'))?.status).toBe('running');
    expect((await world.store.getLock('aws/prod/network', world.clock.now()))?.activeJobId).toBe('j-orphan-0001');
    expect(second).toMatchObject({ ok: false, reason: 'lock_held' });
    expect(world.reporter.finished.map((end) => end.job.id)).toEqual(['j-second-0001']);
  });

  it('leaves a build that ended while no bot watched to the runner, which reports it', async () => {
    // Prepare
    const world = useCaseWorld();
    await dispatchJob(request('j-ended-0001'), world.dispatchDeps);
    const recovery = new FoundBuilds({ 'j-ended-0001': 'ended' });

    // Act
    const recovered = await recoverInterruptedJobs({ ...world.dispatchDeps, recovery });

    // Assess
    expect(recovered.ended.map((job) => job.id)).toEqual(['j-ended-0001']);
    expect(recovered.failed).toEqual([]);
    expect(recovery.asked).toEqual(['j-ended-0001']);
  });
});
