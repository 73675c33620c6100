import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import type { BuildOutcome } from '../../../../core/ports';
import { completeJob } from '../../../../core/usecases/complete-job';
import {
  type BuildEnds,
  type SweepDeps,
  type SweptCompletion,
  sweepJobs,
  unstartedReason,
} from '../../../../core/usecases/sweep-jobs';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

const minute = 60_000;
const day = 24 * 60 * minute;
const queuedTimeoutMs = 15 * minute;

/** A world whose runner says every build in `ended` has ended, and whose completion is `completeJob`. */
function sweepWorld() {
  const world = useCaseWorld();
  const ended = new Map<string, BuildOutcome['result']>();
  const asked: string[][] = [];
  const deps: SweepDeps = {
    config: world.config,
    store: world.store,
    clock: world.clock,
    reporter: world.reporter,
    buildEnds: async (running): Promise<BuildEnds> => {
      asked.push(running.map((job) => job.id));
      const outcomes = running.flatMap((job) => {
        const result = job.build && ended.get(job.build.id);
        return job.build && result ? [{ jobId: job.id, buildId: job.build.id, result }] : [];
      });
      const ids = new Set(outcomes.map((outcome) => outcome.jobId));
      return { ended: outcomes, running: running.filter((job) => !ids.has(job.id)).map((job) => job.id), missing: [] };
    },
    complete: async (outcome): Promise<SweptCompletion> => {
      const result = await completeJob(outcome, world.completionDeps);
      return result.ok ? { recorded: true, job: result.job } : { recorded: false, why: result.reason };
    },
  };
  /** Records a job `ageMs` old in `status`, with a build when running (unless `build` is false). */
  const job = async (
    id: string,
    status: Job['status'],
    ageMs: number,
    build = true,
    stack = 'aws/prod/network',
  ): Promise<Job> => {
    const created = new Date(world.clock.now().getTime() - ageMs).toISOString();
    const value: Job = {
      id,
      action: 'plan',
      stack,
      sha: mainSha,
      requestedBy: { source: 'slack', id: 'U1' },
      status,
      createdAt: created,
      ...(status === 'running' ? { startedAt: created } : {}),
      ...(status === 'running' && build ? { build: { id: `build-${id}` } } : {}),
    };
    await world.store.createJob(value);
    return value;
  };
  return { ...world, deps, ended, asked, job };
}

describe('sweepJobs', () => {
  it('completes running jobs whose build ended and fails jobs queued past the timeout, leaving the rest', async () => {
    const world = sweepWorld();
    await world.job('j-ended', 'running', 30 * minute);
    await world.job('j-going', 'running', 30 * minute);
    await world.job('j-stale', 'queued', 16 * minute);
    await world.job('j-fresh', 'queued', 14 * minute);
    world.ended.set('build-j-ended', 'failed');

    const report = await sweepJobs(world.deps, { queuedTimeoutMs });

    expect(report).toMatchObject({ checked: 2, stillRunning: 1, failures: [], stoppedEarly: false });
    expect(report.completed.map((job) => job.id)).toEqual(['j-ended']);
    expect(report.unstarted.map((job) => job.id)).toEqual(['j-stale']);
    expect(await world.store.getJob('j-stale')).toMatchObject({
      status: 'failed',
      reason: unstartedReason(queuedTimeoutMs),
    });
    expect(unstartedReason(queuedTimeoutMs)).toBe(
      'the dispatcher never started it: it was still queued after 15 minutes (its hand-off was lost); run it again',
    );
    expect((await world.store.getJob('j-going'))?.status).toBe('running');
    expect((await world.store.getJob('j-fresh'))?.status).toBe('queued');
    expect(world.reporter.finished.map((end) => end.job.id).toSorted()).toEqual(['j-ended', 'j-stale']);
  });

  it('looks only at jobs of the last 14 days, since an older job holds no live lock', async () => {
    const world = sweepWorld();
    await world.job('j-old-running', 'running', 15 * day);
    await world.job('j-old-queued', 'queued', 15 * day);
    await world.job('j-recent', 'running', 13 * day);

    const report = await sweepJobs(world.deps, { queuedTimeoutMs });

    expect(world.asked).toEqual([['j-recent']]);
    expect(report.unstarted).toEqual([]);
    expect((await world.store.getJob('j-old-queued'))?.status).toBe('queued');
  });

  it('looks at no more than the newest 100 queued or running jobs, one runner lookup', async () => {
    const world = sweepWorld();
    for (let index = 0; index < 120; index++) {
      await world.job(`j-many-${String(index).padStart(3, '0')}`, 'running', (index + 1) * minute);
    }

    await sweepJobs(world.deps, { queuedTimeoutMs });

    expect(world.asked).toHaveLength(1);
    expect(world.asked[0]).toHaveLength(100);
    expect(world.asked[0]).toContain('j-many-000');
    expect(world.asked[0]).not.toContain('j-many-119');
  });

  it('goes on with the other jobs when one fails, and reports the one that failed', async () => {
    const world = sweepWorld();
    await world.job('j-broken', 'running', 30 * minute);
    await world.job('j-fine', 'running', 30 * minute);
    world.ended.set('build-j-broken', 'succeeded');
    world.ended.set('build-j-fine', 'stopped');
    const complete = world.deps.complete;
    world.deps.complete = async (outcome) => {
      if (outcome.jobId === 'j-broken') throw new Error('the table is unavailable');
      return complete(outcome);
    };

    const report = await sweepJobs(world.deps, { queuedTimeoutMs });

    expect(report.completed.map((job) => job.id)).toEqual(['j-fine']);
    expect(report.failures).toEqual([
      { jobId: 'j-broken', activity: 'recording the end of build build-j-broken', error: expect.any(Error) },
    ]);
  });

  it('counts an end recorded meanwhile as already recorded, and names running jobs that have no build', async () => {
    const world = sweepWorld();
    await world.job('j-raced', 'running', 30 * minute);
    await world.job('j-no-build', 'running', 30 * minute, false);
    world.ended.set('build-j-raced', 'succeeded');
    world.deps.complete = async () => ({ recorded: false, why: 'duplicate' });

    const report = await sweepJobs(world.deps, { queuedTimeoutMs });

    expect(report.alreadyRecorded).toEqual(['j-raced']);
    expect(report.completed).toEqual([]);
    expect(report.withoutBuild).toEqual(['j-no-build']);
    expect((await world.store.getJob('j-no-build'))?.status).toBe('running');
  });

  it('starts nothing more once told to stop, and says it stopped early', async () => {
    const world = sweepWorld();
    await world.job('j-ended', 'running', 30 * minute);
    await world.job('j-stale', 'queued', 20 * minute);
    world.ended.set('build-j-ended', 'succeeded');

    const report = await sweepJobs(world.deps, { queuedTimeoutMs, keepGoing: () => false });

    expect(report).toMatchObject({ stoppedEarly: true, completed: [], unstarted: [] });
    expect((await world.store.getJob('j-ended'))?.status).toBe('running');
    expect((await world.store.getJob('j-stale'))?.status).toBe('queued');
  });

  describe('the locks of live jobs', () => {
    /** Takes the stack's lock for a job as the dispatcher does, for the job timeout plus the margin. */
    const lockFor = async (world: ReturnType<typeof sweepWorld>, job: Job) =>
      world.store.acquireLock(
        { stack: job.stack, owner: { kind: 'job', jobId: job.id }, jobId: job.id, heldBy: 'U1', ttlMs: 70 * minute },
        world.clock.now(),
      );

    it('keeps the lock of a build that waits in the queue for hours, until its end releases it', async () => {
      const world = sweepWorld();
      const job = await world.job('j-waiting', 'running', 0);
      await lockFor(world, job);

      for (let sweep = 0; sweep < 18; sweep++) {
        world.clock.advance(10 * minute);
        await sweepJobs(world.deps, { queuedTimeoutMs });
      }
      const held = await world.store.getLock(job.stack, world.clock.now());
      world.ended.set('build-j-waiting', 'succeeded');
      const report = await sweepJobs(world.deps, { queuedTimeoutMs });

      expect(held).toMatchObject({ activeJobId: 'j-waiting' });
      expect(held?.expiresAt).toBe(new Date(world.clock.now().getTime() + 70 * minute).toISOString());
      expect(report.renewedLocks).toEqual([]);
      expect(await world.store.getLock(job.stack, world.clock.now())).toBeUndefined();
    });

    it('extends only the locks of live builds and of running jobs still being dispatched', async () => {
      const world = sweepWorld();
      const jobs = [
        await world.job('j-live', 'running', 20 * minute, true, 'aws/prod/a'),
        await world.job('j-starting', 'running', 5 * minute, false, 'aws/prod/b'),
        await world.job('j-lost', 'running', 30 * minute, false, 'aws/prod/c'),
        await world.job('j-ended', 'running', 30 * minute, true, 'aws/prod/d'),
      ];
      for (const job of jobs) await lockFor(world, job);
      world.ended.set('build-j-ended', 'failed');
      world.clock.advance(minute);

      const report = await sweepJobs(world.deps, { queuedTimeoutMs });

      expect(report.renewedLocks.toSorted()).toEqual(['j-live', 'j-starting']);
      expect(report.withoutBuild).toEqual(['j-lost']);
      expect(await world.store.getLock('aws/prod/d', world.clock.now())).toBeUndefined();
    });

    it('goes on with the other locks when one cannot be extended, and reports it', async () => {
      const world = sweepWorld();
      const jobs = [
        await world.job('j-broken-lock', 'running', 20 * minute, true, 'aws/prod/a'),
        await world.job('j-fine-lock', 'running', 20 * minute, true, 'aws/prod/b'),
      ];
      for (const job of jobs) await lockFor(world, job);
      const extend = world.store.extendJobLock.bind(world.store);
      world.store.extendJobLock = async (stack, jobId, until) => {
        if (jobId === 'j-broken-lock') throw new Error('the table is unavailable');
        return extend(stack, jobId, until);
      };
      world.clock.advance(minute);

      const report = await sweepJobs(world.deps, { queuedTimeoutMs });

      expect(report.renewedLocks).toEqual(['j-fine-lock']);
      expect(report.failures).toEqual([
        { jobId: 'j-broken-lock', activity: 'extending the lock of job j-broken-lock', error: expect.any(Error) },
      ]);
    });
  });
});
