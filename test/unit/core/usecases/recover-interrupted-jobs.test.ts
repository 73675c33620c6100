import { describe, expect, it } from 'vitest';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { recoverInterruptedJobs } from '../../../../core/usecases/recover-interrupted-jobs';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

describe('recoverInterruptedJobs', () => {
  it('fails the jobs a restart lost and releases their locks', async () => {
    const world = useCaseWorld();
    await dispatchJob(
      {
        jobId: 'j-lost-0001',
        action: 'plan',
        stack: 'aws/prod/network',
        sha: mainSha,
        requestedBy: { source: 'slack', id: 'U1' },
      },
      world.dispatchDeps,
    );

    const recovered = await recoverInterruptedJobs(world.dispatchDeps);

    expect(recovered).toBe(1);
    expect(await world.store.getJob('j-lost-0001')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('restarted'),
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
    expect(world.reporter.finished).toHaveLength(1);
  });
});
