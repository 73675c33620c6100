import { afterEach, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../../../adapters/local/local-runner';
import { keepJobLocks } from '../../../../core/usecases/keep-job-locks';
import { FakeClock } from '../../../fakes/fake-ports';
import { MemoryStore } from '../../../fakes/memory-store';
import { testConfig } from '../../../fixtures/config';
import { runSpec, stack } from '../../../support/run-spec';
import { type Call, readCalls, readEvents } from '../../../support/stand-ins';
import { createHarness, type Harness, waitFor } from './local-runner-harness';

const minute = 60_000;
const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
const dns = stack({ name: 'aws/prod/dns', dir: 'stacks/dns' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

/** The [start, end] time of each job's plan, keyed by the job's worktree. */
function planIntervals(record: string): Map<string, [number, number]> {
  const intervals = new Map<string, [number, number]>();
  const plans = readEvents(record).filter((call) => call.args[1] === 'plan');
  for (const call of plans) {
    const job = jobOf(call);
    const interval = intervals.get(job) ?? [0, 0];
    interval[call.event === 'start' ? 0 : 1] = call.at;
    intervals.set(job, interval);
  }
  return intervals;
}

function jobOf(call: Call): string {
  return call.cwd.split('/worktrees/')[1]?.split('/')[0] ?? '';
}

function overlap(a: [number, number] | undefined, b: [number, number] | undefined): boolean {
  if (a === undefined || b === undefined) throw new Error('missing interval');
  return a[0] < b[1] && b[0] < a[1];
}

describe('LocalRunner queue', () => {
  it('runs jobs of one stack one after another and jobs of different stacks in parallel', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '1' }, concurrency: 2 });
    const sha = harness.repos.firstSha;

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-net-1', sha }));
    await harness.runner.start(runSpec(net, { id: 'j-net-2', sha }));
    await harness.runner.start(runSpec(dns, { id: 'j-dns-1', sha }));
    await Promise.all(['j-net-1', 'j-net-2', 'j-dns-1'].map((id) => harness?.finished(id)));

    // Assess
    const intervals = planIntervals(harness.record);
    expect(overlap(intervals.get('j-net-1'), intervals.get('j-net-2'))).toBe(false);
    expect(overlap(intervals.get('j-net-1'), intervals.get('j-dns-1'))).toBe(true);
    expect(harness.outcomes.map((outcome) => outcome.result)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(harness.outcomes.findIndex((o) => o.jobId === 'j-net-1')).toBeLessThan(
      harness.outcomes.findIndex((o) => o.jobId === 'j-net-2'),
    );
  });

  it('runs no more builds at once than its concurrency', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '1' }, concurrency: 1 });
    const sha = harness.repos.firstSha;

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-one', sha }));
    await harness.runner.start(runSpec(dns, { id: 'j-two', sha }));
    await Promise.all(['j-one', 'j-two'].map((id) => harness?.finished(id)));

    // Assess
    const intervals = planIntervals(harness.record);
    expect(overlap(intervals.get('j-one'), intervals.get('j-two'))).toBe(false);
  });

  it('cancels a queued build without running it', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '30' } });
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-first', sha }));
    const queued = await harness.runner.start(runSpec(net, { id: 'j-queued', sha }));

    // Act
    await harness.runner.cancel(queued.id, 'cancelled by <@U1>');
    const outcome = await harness.finished('j-queued');

    // Assess
    expect(outcome.result).toBe('stopped');
    expect(readCalls(harness.record).every((call) => jobOf(call) === 'j-first')).toBe(true);
    expect(await harness.runner.status(queued.id)).toEqual({ state: 'finished', result: 'stopped' });
  });

  it('reports the recorded end of a build started before a restart', async () => {
    // Prepare
    harness = createHarness();
    const ref = await harness.runner.start(runSpec(net, { id: 'j-before-restart', sha: harness.repos.firstSha }));
    await harness.finished('j-before-restart');
    const restarted = new LocalRunner({
      repoDir: harness.repos.clone,
      stateDir: harness.stateDir,
      buildspecDir: 'unused',
      concurrency: 1,
      onFinished: async () => {},
    });

    // Act
    const known = await restarted.status(ref.id);
    const unknown = await restarted.status('local-j-never-ran');

    // Assess
    expect(known).toEqual({ state: 'finished', result: 'succeeded' });
    expect(unknown).toEqual({ state: 'finished', result: 'stopped' });
  });

  it('reports each build exactly once, also when shut down while builds wait', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '30' } });
    const sha = harness.repos.firstSha;
    await harness.runner.start(runSpec(net, { id: 'j-running', sha }));
    await harness.runner.start(runSpec(net, { id: 'j-waiting', sha }));
    const record = harness.record;
    await waitFor(() => readCalls(record).some((call) => call.args[1] === 'plan'));

    // Act
    await harness.runner.shutdown();

    // Assess
    expect(harness.outcomes.map((outcome) => [outcome.jobId, outcome.result]).sort()).toEqual([
      ['j-running', 'stopped'],
      ['j-waiting', 'stopped'],
    ]);
  });

  it('keeps the lock of a build waiting for a free slot past its first expiry, and lets go once it ended', async () => {
    // Prepare: one slot, taken by the net build; the dns build waits behind it, its lock due to expire.
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '1' }, concurrency: 1 });
    const { runner, repos } = harness;
    const store = new MemoryStore();
    const clock = new FakeClock();
    const deps = { config: testConfig(), store, clock, runner };
    for (const [config, id] of [
      [net, 'j-lock-net'],
      [dns, 'j-lock-dns'],
    ] as const) {
      const spec = runSpec(config, { id, sha: repos.firstSha });
      const build = await runner.start(spec);
      await store.createJob({ ...spec.job, build });
      const request = { stack: config.name, owner: { kind: 'job', jobId: id }, jobId: id, heldBy: 'U1' } as const;
      await store.acquireLock({ ...request, ttlMs: 70 * minute }, clock.now());
    }

    // Act: the lock keeper runs after 69 minutes, then again after both builds ended.
    clock.advance(69 * minute);
    const renewed = await keepJobLocks(deps);
    const held = await store.getLock('aws/prod/dns', new Date(clock.now().getTime() + 60 * minute));
    await Promise.all([harness.finished('j-lock-net'), harness.finished('j-lock-dns')]);
    const afterEnd = await keepJobLocks(deps);

    // Assess
    expect(renewed.toSorted()).toEqual(['j-lock-dns', 'j-lock-net']);
    expect(held).toMatchObject({ activeJobId: 'j-lock-dns' });
    expect(afterEnd).toEqual([]);
  });
});
