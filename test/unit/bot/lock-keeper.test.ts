import { describe, expect, it } from 'vitest';
import { startLockKeeper } from '../../../bot/lock-keeper';
import type { Job } from '../../../core/jobs/job';
import type { BuildState, JobQuery } from '../../../core/ports';
import { FakeClock, FakeRunner } from '../../fakes/fake-ports';
import { MemoryStore } from '../../fakes/memory-store';
import { mainSha, testConfig } from '../../fixtures/config';

const minute = 60_000;

/** A runner whose builds run until the test ends them. */
class EndableRunner extends FakeRunner {
  readonly ended = new Set<string>();
  override async status(buildId: string): Promise<BuildState> {
    return this.ended.has(buildId) ? { state: 'finished', result: 'succeeded' } : { state: 'running' };
  }
}

/** A store whose first listing of jobs fails, as when another process holds the database. */
class OnceBusyStore extends MemoryStore {
  listings = 0;
  override async listJobs(query: JobQuery): Promise<Job[]> {
    this.listings += 1;
    if (this.listings === 1) throw new Error('database is locked');
    return super.listJobs(query);
  }
}

function runningJob(id: string, stack: string, clock: FakeClock): Job {
  return {
    id,
    action: 'apply',
    stack,
    sha: mainSha,
    requestedBy: { source: 'slack', id: 'UALICE' },
    status: 'running',
    createdAt: clock.now().toISOString(),
    build: { id: `build-${id}` },
  };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200 && !(await condition()); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('startLockKeeper', () => {
  it('extends the locks of running builds on every round, and leaves those of ended builds alone', async () => {
    const store = new MemoryStore();
    const clock = new FakeClock();
    const runner = new EndableRunner();
    for (const [id, stack] of [
      ['j-keep-live', 'aws/prod/network'],
      ['j-keep-ended', 'aws/prod/dns'],
    ] as const) {
      await store.createJob(runningJob(id, stack, clock));
      await store.acquireLock(
        { stack, owner: { kind: 'job', jobId: id }, jobId: id, heldBy: 'UALICE', ttlMs: 70 * minute },
        clock.now(),
      );
    }
    runner.ended.add('build-j-keep-ended');
    const expiry = async (stack: string) => (await store.getLock(stack, new Date(0)))?.expiresAt;
    const before = await expiry('aws/prod/dns');
    clock.advance(65 * minute);

    const stop = startLockKeeper({ config: testConfig(), store, clock, runner }, () => {}, 5);
    await until(async () => (await expiry('aws/prod/network')) !== before);
    await stop();

    expect(await expiry('aws/prod/network')).toBe(new Date(clock.now().getTime() + 70 * minute).toISOString());
    expect(await expiry('aws/prod/dns')).toBe(before);
  });

  it('reports a failed round and goes on with the next', async () => {
    const store = new OnceBusyStore();
    const errors: string[] = [];

    const stop = startLockKeeper(
      { config: testConfig(), store, clock: new FakeClock(), runner: new FakeRunner() },
      (activity, error) => errors.push(`${activity}: ${(error as Error).message}`),
      5,
    );
    await until(async () => store.listings >= 2);
    await stop();

    expect(errors).toEqual(['extending the locks of running jobs: database is locked']);
  });
});
