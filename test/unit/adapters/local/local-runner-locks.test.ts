import { afterEach, describe, expect, it } from 'vitest';
import { keepJobLocks } from '../../../../core/usecases/keep-job-locks';
import { FakeClock } from '../../../fakes/fake-ports';
import { MemoryStore } from '../../../fakes/memory-store';
import { testConfig } from '../../../fixtures/config';
import { runSpec, stack } from '../../../support/run-spec';
import { createHarness, type Harness } from './local-runner-harness';

const minute = 60_000;
const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
const dns = stack({ name: 'aws/prod/dns', dir: 'stacks/dns' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

describe('the locks of local builds', () => {
  it('keeps the lock of a build waiting for a free slot past its first expiry, and lets go once it ended', async () => {
    // Prepare: one slot, taken by the net build; the dns build waits behind it.
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
