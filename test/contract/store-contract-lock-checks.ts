import { describe, expect, it } from 'vitest';
import { type CurrentStore, jobLock, plus, prLock, t0 } from './store-fixtures';

const stack = 'aws/prod/network';

/** Removing exactly the lock that was checked, and keeping a running job's lock alive. */
export function describeLockCheckContract(store: CurrentStore): void {
  describe('releasing a checked lock', () => {
    it('removes the lock that was read', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const checked = await store().getLock(stack, t0);
      const released = checked ? await store().releaseCheckedLock(checked) : false;
      expect(released).toBe(true);
      expect(await store().getLock(stack, t0)).toBeUndefined();
    });

    it('keeps a lock taken by another job after the check', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const checked = await store().getLock(stack, t0);
      await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const taken = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(2_000));
      const released = checked ? await store().releaseCheckedLock(checked) : true;
      expect(released).toBe(false);
      expect(await store().getLock(stack, plus(3_000))).toStrictEqual(taken.ok ? taken.lock : undefined);
    });

    it("keeps a PR's lock once another of its jobs runs under it", async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const checked = await store().getLock(stack, plus(1_000));
      await store().acquireLock(prLock(12, 'j-m7q2k1-b'), plus(2_000));
      const released = checked ? await store().releaseCheckedLock(checked) : true;
      expect(released).toBe(false);
      expect((await store().getLock(stack, plus(3_000)))?.activeJobId).toBe('j-m7q2k1-b');
    });

    it('removes an idle PR lock that was read', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const checked = await store().getLock(stack, plus(1_000));
      const released = checked ? await store().releaseCheckedLock(checked) : false;
      expect(released).toBe(true);
      expect(await store().getLock(stack, plus(1_000))).toBeUndefined();
    });
  });

  describe('extending a job lock', () => {
    it('keeps the lock of a running job past its first expiry', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack, 60_000), t0);
      const held = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(120_000));
      const later = await store().getLock(stack, plus(90_000));
      const refused = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(90_000));
      expect(held).toBe(true);
      expect(later?.expiresAt).toBe(plus(120_000).toISOString());
      expect(refused.ok).toBe(false);
    });

    it('never shortens a lock', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a', stack, 600_000), t0);
      const held = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(60_000));
      expect(held).toBe(true);
      expect((await store().getLock(stack, t0))?.expiresAt).toBe(plus(600_000).toISOString());
    });

    it('refuses a job that no longer holds the lock and changes nothing', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack, 1_000), t0);
      const taken = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(2_000));
      const held = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(600_000));
      expect(held).toBe(false);
      expect(await store().getLock(stack, plus(3_000))).toStrictEqual(taken.ok ? taken.lock : undefined);
    });

    it('does not bring back a released lock', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const held = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(600_000));
      expect(held).toBe(false);
      expect(await store().getLock(stack, plus(2_000))).toBeUndefined();
    });
  });
}
