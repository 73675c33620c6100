import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import type { JobRequest } from '../../../../core/jobs/job-request';
import type { LockRequest, LockResult } from '../../../../core/locks/lock';
import type { RunSpec } from '../../../../core/ports';
import { dispatchJob } from '../../../../core/usecases/dispatch-job';
import { FakeRunner, RecordingReporter } from '../../../fakes/fake-ports';
import { MemoryStore } from '../../../fakes/memory-store';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

/** A store where `/tf cancel` of the job lands just before the dispatcher takes the lock. */
class CancelledBeforeLockStore extends MemoryStore {
  override async acquireLock(lockRequest: LockRequest, now: Date): Promise<LockResult> {
    await this.transitionJob(lockRequest.jobId, 'cancelled', { finishedAt: now.toISOString() });
    await this.releaseJobLock(lockRequest.stack, lockRequest.jobId, now);
    return super.acquireLock(lockRequest, now);
  }
}

/** A runner during whose StartBuild call `/tf cancel` cancels the job (no build recorded yet) and frees its lock. */
class CancelledWhileStartingRunner extends FakeRunner {
  constructor(private readonly store: MemoryStore) {
    super();
  }
  override async start(spec: RunSpec) {
    const now = new Date();
    await this.store.transitionJob(spec.job.id, 'cancelled', { finishedAt: now.toISOString() });
    await this.store.releaseJobLock(spec.job.stack, spec.job.id, now);
    return super.start(spec);
  }
}

/** A reporter whose Slack update fails. */
class FailingStartReporter extends RecordingReporter {
  override async jobStarted(_job: Job): Promise<void> {
    throw new Error('chat.update: message_not_found');
  }
}

const request: JobRequest = {
  jobId: 'j-test-0001',
  action: 'plan',
  stack: 'aws/prod/network',
  sha: mainSha,
  requestedBy: { source: 'actions', id: 'example-org/infra/.github/workflows/plan.yml@refs/heads/main' },
};

describe('dispatchJob', () => {
  it('creates the job when the request comes directly, takes the lock and starts one build', async () => {
    const world = useCaseWorld();

    const outcome = await dispatchJob(request, world.dispatchDeps);

    expect(outcome.ok).toBe(true);
    expect(await world.store.getJob('j-test-0001')).toMatchObject({
      status: 'running',
      build: { id: 'build-j-test-0001' },
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toMatchObject({
      owner: { kind: 'job', jobId: 'j-test-0001' },
    });
    expect(world.reporter.started).toHaveLength(1);
  });

  it('starts one build when the same request arrives twice', async () => {
    const world = useCaseWorld();

    await dispatchJob(request, world.dispatchDeps);
    const second = await dispatchJob(request, world.dispatchDeps);

    expect(second).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(world.runner.started).toHaveLength(1);
  });

  it('lets a PR keep the stack it planned', async () => {
    const world = useCaseWorld();

    await dispatchJob({ ...request, pr: 12 }, world.dispatchDeps);

    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toMatchObject({
      owner: { kind: 'pr', pr: 12 },
    });
  });

  it('fails the job and names the holder when another owner holds the lock', async () => {
    const world = useCaseWorld();
    await dispatchJob({ ...request, pr: 12 }, world.dispatchDeps);

    const outcome = await dispatchJob({ ...request, jobId: 'j-test-0002', pr: 13 }, world.dispatchDeps);

    expect(outcome).toMatchObject({ ok: false, reason: 'lock_held', lock: { owner: { kind: 'pr', pr: 12 } } });
    expect(await world.store.getJob('j-test-0002')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('PR #12'),
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toMatchObject({ owner: { pr: 12 } });
  });

  it('releases the lock and fails the job when the build cannot start', async () => {
    const world = useCaseWorld();
    world.runner.failStartWith = new Error('AccessDenied: not allowed to start builds');

    const outcome = await dispatchJob(request, world.dispatchDeps);

    expect(outcome).toMatchObject({ ok: false, reason: 'dispatch_failed' });
    expect(await world.store.getJob('j-test-0001')).toMatchObject({
      status: 'failed',
      reason: 'could not start the build: AccessDenied: not allowed to start builds',
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
    expect(world.reporter.finished[0]?.job.status).toBe('failed');
  });

  it('fails a request for a stack the configuration no longer has', async () => {
    const world = useCaseWorld();

    const outcome = await dispatchJob({ ...request, stack: 'aws/prod/gone' }, world.dispatchDeps);

    expect(outcome).toMatchObject({
      ok: false,
      reason: 'dispatch_failed',
      why: 'stack aws/prod/gone is not in the configuration',
    });
    expect(world.runner.started).toHaveLength(0);
  });

  it('refuses an apply whose plan was made at another commit', async () => {
    const world = useCaseWorld();
    await dispatchJob(request, world.dispatchDeps);
    await world.store.transitionJob('j-test-0001', 'succeeded', {});
    await world.store.releaseJobLock('aws/prod/network', 'j-test-0001', world.clock.now());

    const outcome = await dispatchJob(
      { ...request, jobId: 'j-test-0002', action: 'apply', planJobId: 'j-test-0001', sha: 'c'.repeat(40) },
      world.dispatchDeps,
    );

    expect(outcome).toMatchObject({
      ok: false,
      reason: 'dispatch_failed',
      why: expect.stringContaining('was made at aaaaaaaa'),
    });
    expect(world.runner.started).toHaveLength(1);
  });

  it('releases the lock it took when the job was cancelled meanwhile', async () => {
    const world = useCaseWorld();
    const store = new CancelledBeforeLockStore();

    const outcome = await dispatchJob(request, { ...world.dispatchDeps, store });

    expect(outcome).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(world.runner.started).toHaveLength(0);
    expect(await store.getLock('aws/prod/network', world.clock.now())).toBeUndefined();
  });

  it('stops the build when the job was cancelled while the build was starting', async () => {
    const world = useCaseWorld();
    const runner = new CancelledWhileStartingRunner(world.store);

    const outcome = await dispatchJob(request, { ...world.dispatchDeps, runner });

    expect(outcome).toMatchObject({ ok: false, reason: 'duplicate' });
    expect(runner.cancelled).toEqual(['build-j-test-0001']);
    expect(await world.store.getJob('j-test-0001')).toMatchObject({ status: 'cancelled' });
    expect(world.reporter.started).toHaveLength(0);
  });

  it('keeps a started build running, with its lock, when reporting the start fails', async () => {
    const world = useCaseWorld();
    const reporter = new FailingStartReporter();

    const dispatched = dispatchJob(request, { ...world.dispatchDeps, reporter });

    await expect(dispatched).rejects.toThrow('message_not_found');
    expect(await world.store.getJob('j-test-0001')).toMatchObject({
      status: 'running',
      build: { id: 'build-j-test-0001' },
    });
    expect(await world.store.getLock('aws/prod/network', world.clock.now())).toMatchObject({
      activeJobId: 'j-test-0001',
    });
    expect(reporter.finished).toHaveLength(0);
  });
});
