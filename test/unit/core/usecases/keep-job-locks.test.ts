import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import type { BuildState } from '../../../../core/ports';
import { keepJobLocks } from '../../../../core/usecases/keep-job-locks';
import { renewLockOfStartedBuild } from '../../../../core/usecases/renew-job-locks';
import { FakeRunner } from '../../../fakes/fake-ports';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

const minute = 60_000;

/** A runner whose builds run, except those the test ended and those it cannot answer for. */
class KnownBuilds extends FakeRunner {
  readonly ended = new Set<string>();
  readonly unreachable = new Set<string>();
  override async status(buildId: string): Promise<BuildState> {
    if (this.unreachable.has(buildId)) throw new Error('codebuild is unreachable');
    return this.ended.has(buildId) ? { state: 'finished', result: 'failed' } : { state: 'running' };
  }
}

function keeperWorld() {
  const world = useCaseWorld();
  const runner = new KnownBuilds();
  /** A job `ageMs` old in `status`, with a build unless `build` is false, holding its own stack's lock. */
  const job = async (id: string, status: Job['status'], ageMs: number, build = true): Promise<Job> => {
    const at = new Date(world.clock.now().getTime() - ageMs).toISOString();
    const value: Job = {
      id,
      action: 'apply',
      stack: `aws/prod/${id}`,
      sha: mainSha,
      requestedBy: { source: 'slack', id: 'UALICE' },
      status,
      createdAt: at,
      startedAt: at,
      ...(build ? { build: { id: `build-${id}` } } : {}),
    };
    await world.store.createJob(value);
    await world.store.acquireLock(
      { stack: value.stack, owner: { kind: 'job', jobId: id }, jobId: id, heldBy: 'UALICE', ttlMs: 70 * minute },
      new Date(Date.parse(at)),
    );
    return value;
  };
  const deps = { config: world.config, store: world.store, clock: world.clock, runner };
  return { ...world, runner, job, deps };
}

describe('keepJobLocks', () => {
  it('extends the locks of running builds, of builds it cannot ask about, and of jobs still being started', async () => {
    const world = keeperWorld();
    await world.job('j-live', 'running', 60 * minute);
    await world.job('j-unknown', 'running', 60 * minute);
    await world.job('j-starting', 'running', 5 * minute, false);
    world.runner.unreachable.add('build-j-unknown');

    const renewed = await keepJobLocks(world.deps);

    expect(renewed.toSorted()).toEqual(['j-live', 'j-starting', 'j-unknown']);
    const lock = await world.store.getLock('aws/prod/j-live', world.clock.now());
    expect(lock?.expiresAt).toBe(new Date(world.clock.now().getTime() + 70 * minute).toISOString());
  });

  it('leaves the locks of ended builds, of jobs whose dispatch failed long ago, and of queued jobs to expire', async () => {
    const world = keeperWorld();
    await world.job('j-ended', 'running', 60 * minute);
    await world.job('j-lost', 'running', 20 * minute, false);
    await world.job('j-queued', 'queued', 60 * minute, false);
    world.runner.ended.add('build-j-ended');

    const renewed = await keepJobLocks(world.deps);

    expect(renewed).toEqual([]);
  });
});

describe('renewLockOfStartedBuild', () => {
  it("extends a running job's lock to the job timeout plus the margin from the build's start", async () => {
    const world = keeperWorld();
    await world.job('j-started', 'running', 50 * minute);

    const extended = await renewLockOfStartedBuild('j-started', world.deps);

    expect(extended).toBe(true);
    expect(
      await world.store.getLock('aws/prod/j-started', new Date(world.clock.now().getTime() + 69 * minute)),
    ).toMatchObject({
      activeJobId: 'j-started',
    });
  });

  it('changes nothing for a job that ended or that it does not know', async () => {
    const world = keeperWorld();
    await world.job('j-done', 'succeeded', 50 * minute);

    expect(await renewLockOfStartedBuild('j-done', world.deps)).toBe(false);
    expect(await renewLockOfStartedBuild('j-nobody', world.deps)).toBe(false);
  });
});
