import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import type { LostBuilds } from '../../../../core/ports';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { recoverInterruptedJobs } from '../../../../core/usecases/recover-interrupted-jobs';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

/** A runner after a restart whose builds of the named jobs still run; it records the jobs it was asked about. */
class SurvivingBuilds implements LostBuilds {
  readonly asked: string[] = [];
  constructor(private readonly running: readonly string[]) {}
  async resume(job: Job): Promise<'resumed' | 'gone'> {
    this.asked.push(job.id);
    return this.running.includes(job.id) ? 'resumed' : 'gone';
  }
}

async function runningPlan(world: ReturnType<typeof useCaseWorld>, jobId: string, stack: string) {
  await dispatchJob(
    { jobId, action: 'plan', stack, sha: mainSha, requestedBy: { source: 'slack', id: 'U1' } },
    world.dispatchDeps,
  );
}

describe('recoverInterruptedJobs', () => {
  it('fails the jobs whose builds did not survive the restart and releases their locks', async () => {
    // Prepare
    const world = useCaseWorld();
    await runningPlan(world, 'j-lost-0001', 'aws/prod/network');

    // Act
    const failed = await recoverInterruptedJobs({ ...world.dispatchDeps, builds: new SurvivingBuilds([]) });

    // Assess
    expect(failed).toBe(1);
    expect(await world.store.getJob('j-lost-0001')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('restarted'),
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
    expect(world.reporter.finished).toHaveLength(1);
  });

  it('leaves a job whose build still runs running, with its lock, for the runner to report', async () => {
    // Prepare
    const world = useCaseWorld();
    await runningPlan(world, 'j-alive-0001', 'aws/prod/network');
    const builds = new SurvivingBuilds(['j-alive-0001']);

    // Act
    const failed = await recoverInterruptedJobs({ ...world.dispatchDeps, builds });

    // Assess
    expect(failed).toBe(0);
    expect(builds.asked).toEqual(['j-alive-0001']);
    expect(await world.store.getJob('j-alive-0001')).toMatchObject({ status: 'running' });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toMatchObject({
      activeJobId: 'j-alive-0001',
    });
    expect(world.reporter.finished).toHaveLength(0);
  });
});
