import { describe, expect, it } from 'vitest';
import { type CurrentStore, jobLock, plus, prLock, t0 } from './store-fixtures';

const stack = 'aws/prod/network';

/** PR #12's lock after its first job ended, as an unlock reads it: held by the PR with no job under it. */
async function idlePrLock(store: CurrentStore) {
  await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
  await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
  return store().getLock(stack, plus(1_000));
}

/** Ending a job's hold, releasing by owner, and unlocking exactly the lock that was checked. */
export function describeLockReleaseContract(store: CurrentStore): void {
  describe('releasing a job lock', () => {
    it('removes a lock its job owns, so another job can take the stack', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const released = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const next = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(1_000));
      expect(released).toBe(true);
      expect(next.ok).toBe(true);
    });

    it('returns false the second time', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const first = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const second = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(2_000));
      expect([first, second]).toEqual([true, false]);
    });

    it('keeps a PR-owned lock but clears its active job', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      const first = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      const second = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(2_000));
      const lock = await store().getLock(stack, plus(2_000));
      expect([first, second]).toEqual([true, false]);
      expect(lock?.owner).toStrictEqual({ kind: 'pr', pr: 12 });
      expect(lock).not.toHaveProperty('activeJobId');
    });

    it("refuses a stale owner's release after a takeover and changes nothing", async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack, 1_000), t0);
      const takeover = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(2_000));
      const stale = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(3_000));
      expect(stale).toBe(false);
      expect(await store().getLock(stack, plus(3_000))).toStrictEqual(takeover.ok ? takeover.lock : undefined);
    });

    it('refuses the release of a job that is not the active job of a PR lock', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      const before = await store().getLock(stack, t0);
      const other = await store().releaseJobLock(stack, 'j-m7q2k1-b', plus(1_000));
      expect(other).toBe(false);
      expect(await store().getLock(stack, plus(1_000))).toStrictEqual(before);
    });

    it('returns false for a stack without a lock', async () => {
      expect(await store().releaseJobLock(stack, 'j-m7q2k1-a', t0)).toBe(false);
    });

    it('releases its own lock after it expired, when nobody took it over', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack, 1_000), t0);
      const released = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(5_000));
      expect(released).toBe(true);
      expect(await store().listLocks(t0)).toEqual([]);
    });

    it('releases exactly once when the same job releases concurrently', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('releasing by owner and by force', () => {
    it('removes the lock only for its owner', async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      const wrongPr = await store().releaseLock(stack, { kind: 'pr', pr: 13 });
      const wrongKind = await store().releaseLock(stack, { kind: 'job', jobId: 'j-m7q2k1-a' });
      const owner = await store().releaseLock(stack, { kind: 'pr', pr: 12 });
      const again = await store().releaseLock(stack, { kind: 'pr', pr: 12 });
      expect([wrongPr, wrongKind, owner, again]).toEqual([false, false, true, false]);
      expect(await store().getLock(stack, plus(1_000))).toBeUndefined();
    });

    it("removes a PR's lock even while one of its jobs runs", async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      const released = await store().releaseLock(stack, { kind: 'pr', pr: 12 });
      const jobRelease = await store().releaseJobLock(stack, 'j-m7q2k1-a', plus(1_000));
      expect([released, jobRelease]).toEqual([true, false]);
      expect(await store().getLock(stack, plus(1_000))).toBeUndefined();
    });

    it('lets a job owner release its lock', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const other = await store().releaseLock(stack, { kind: 'job', jobId: 'j-m7q2k1-b' });
      const owner = await store().releaseLock(stack, { kind: 'job', jobId: 'j-m7q2k1-a' });
      expect([other, owner]).toEqual([false, true]);
    });

    it('returns false when the stack has no lock', async () => {
      expect(await store().releaseLock(stack, { kind: 'pr', pr: 12 })).toBe(false);
    });

    it('removes the lock it checked, expired or not, so another job can take the stack', async () => {
      const taken = await store().acquireLock(jobLock('j-m7q2k1-a', stack, 1_000), t0);
      const checked = taken.ok ? taken.lock : undefined;
      const removed = checked && (await store().releaseCheckedLock(checked));
      const again = checked && (await store().releaseCheckedLock(checked));
      const next = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(5_000));
      expect([removed, again]).toEqual([true, false]);
      expect(next.ok).toBe(true);
    });

    it('leaves a lock another job took over after the check in place', async () => {
      const taken = await store().acquireLock(jobLock('j-m7q2k1-a', stack, 1_000), t0);
      const takeover = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(2_000));
      const removed = taken.ok && (await store().releaseCheckedLock(taken.lock));
      expect(removed).toBe(false);
      expect(await store().getLock(stack, plus(3_000))).toStrictEqual(takeover.ok ? takeover.lock : 'not taken');
    });

    it("leaves a PR's lock in place when a job of the PR started under it after the check", async () => {
      const checked = await idlePrLock(store);
      const next = await store().acquireLock(prLock(12, 'j-m7q2k1-b'), plus(2_000));
      const removed = checked && (await store().releaseCheckedLock(checked));
      expect(removed).toBe(false);
      expect(await store().getLock(stack, plus(3_000))).toStrictEqual(next.ok ? next.lock : 'not taken');
    });

    it("removes a PR's lock checked with no job under it while it still has none", async () => {
      const checked = await idlePrLock(store);
      const removed = checked && (await store().releaseCheckedLock(checked));
      expect(removed).toBe(true);
      expect(await store().getLock(stack, plus(1_000))).toBeUndefined();
    });

    it('removes the checked lock exactly once when unlocks race', async () => {
      const taken = await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const checked = taken.ok ? taken.lock : undefined;
      const results = await Promise.all(
        Array.from({ length: 20 }, async () => checked !== undefined && store().releaseCheckedLock(checked)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('leaves other stacks alone', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', stack), t0);
      await store().acquireLock(jobLock('j-m7q2k1-b', 'aws/prod/dns'), t0);
      const byJob = await store().releaseJobLock(stack, 'j-m7q2k1-b', t0);
      const byOwner = await store().releaseLock(stack, { kind: 'job', jobId: 'j-m7q2k1-b' });
      const dns = await store().getLock('aws/prod/dns', t0);
      if (dns) await store().releaseCheckedLock(dns);
      expect([byJob, byOwner]).toEqual([false, false]);
      expect((await store().listLocks(t0)).map((lock) => lock.stack)).toEqual([stack]);
    });
  });
}
