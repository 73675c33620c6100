import { describe, expect, it } from 'vitest';
import { completeJob } from '../../../../core/usecases/complete-job';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { holdLocksOfLiveJobs, jobLockTtlMs } from '../../../../core/usecases/hold-job-locks';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

const stack = 'aws/prod/network';
const request = (jobId: string) => ({
  jobId,
  action: 'plan' as const,
  stack,
  sha: mainSha,
  requestedBy: { source: 'slack' as const, id: 'U1' },
});

describe('holdLocksOfLiveJobs', () => {
  it('keeps the lock of a job queued for longer than the lock TTL until the job ends', async () => {
    // Prepare
    const world = useCaseWorld();
    await dispatchJob(request('j-waiting-0001'), world.dispatchDeps);
    const ttl = jobLockTtlMs(world.config);

    // Act: the build waits twice the TTL in the runner's queue, with the heartbeat every minute
    for (let waited = 0; waited < 2 * ttl; waited += 60_000) {
      world.clock.advance(60_000);
      await holdLocksOfLiveJobs({ ...world.dispatchDeps });
    }
    const second = await dispatchJob(request('j-second-0001'), world.dispatchDeps);
    const held = await world.store.getLock(stack, world.clock.now());
    await completeJob(
      { jobId: 'j-waiting-0001', buildId: 'build-j-waiting-0001', result: 'failed' },
      world.completionDeps,
    );

    // Assess
    expect(held?.activeJobId).toBe('j-waiting-0001');
    expect(second).toMatchObject({ ok: false, reason: 'lock_held' });
    expect(await world.store.getLock(stack, world.clock.now())).toBeUndefined();
  });

  it('leaves the lock of a job whose build the runner no longer runs to expire', async () => {
    // Prepare
    const world = useCaseWorld();
    await dispatchJob(request('j-gone-0001'), world.dispatchDeps);
    world.runner.status = async () => ({ state: 'finished', result: 'failed' });

    // Act
    world.clock.advance(jobLockTtlMs(world.config) - 1_000);
    const held = await holdLocksOfLiveJobs({ ...world.dispatchDeps });
    world.clock.advance(2_000);

    // Assess
    expect(held).toEqual([]);
    expect(await world.store.getLock(stack, world.clock.now())).toBeUndefined();
  });
});
