import { describe, expect, it } from 'vitest';
import { type CurrentStore, jobLock, plus, prLock, t0 } from './store-fixtures';

const stack = 'aws/prod/network';
const minute = 60_000;

/** The heartbeat of a live job: its lock lasts as long as the job, never shorter and never taken from others. */
export function describeLockExtendContract(store: CurrentStore): void {
  describe('extending a job lock', () => {
    it("pushes the expiry of its job's lock, so the lock outlives its first expiry", async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack, minute), t0);
      const extended = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(10 * minute));
      const lock = await store().getLock(stack, plus(5 * minute));
      const blocked = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(5 * minute));
      expect(extended).toBe(true);
      expect(lock?.expiresAt).toBe(plus(10 * minute).toISOString());
      expect(blocked.ok).toBe(false);
    });

    it('keeps an expired lock nobody took over with its job', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack, minute), t0);
      const extended = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(12 * minute));
      expect(extended).toBe(true);
      expect((await store().getLock(stack, plus(2 * minute)))?.activeJobId).toBe('j-m7q2k1-a');
    });

    it('extends the lock of a PR for the job running under it', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a', stack, minute), t0);
      const extended = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(10 * minute));
      expect(extended).toBe(true);
      expect(await store().getLock(stack, plus(5 * minute))).toMatchObject({ owner: { kind: 'pr', pr: 12 } });
    });

    it('never shortens a lock', async () => {
      const taken = await store().acquireLock(jobLock('j-m7q2k1-a', stack, 30 * minute), t0);
      const extended = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(10 * minute));
      expect(extended).toBe(false);
      expect(await store().getLock(stack, t0)).toStrictEqual(taken.ok ? taken.lock : 'not taken');
    });

    it('changes nothing for a job that does not run under the lock', async () => {
      const taken = await store().acquireLock(jobLock('j-m7q2k1-b', stack, minute), t0);
      const stale = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(10 * minute));
      const free = await store().extendJobLock('aws/prod/dns', 'j-m7q2k1-a', plus(10 * minute));
      expect([stale, free]).toEqual([false, false]);
      expect(await store().getLock(stack, t0)).toStrictEqual(taken.ok ? taken.lock : 'not taken');
      expect(await store().getLock('aws/prod/dns', t0)).toBeUndefined();
    });

    it('changes nothing once the job released its lock', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a', stack, minute), t0);
      await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const extended = await store().extendJobLock(stack, 'j-m7q2k1-a', plus(10 * minute));
      expect(extended).toBe(false);
      expect(await store().getLock(stack, plus(5 * minute))).toBeUndefined();
    });
  });
}
