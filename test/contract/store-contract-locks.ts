import { describe, expect, it } from 'vitest';
import type { Lock } from '../../core/locks/lock';
import { type CurrentStore, jobLock, plus, prLock, t0 } from './store-fixtures';

/** Taking locks: free, refused, expired and taken over, PR-owned, and under concurrency. */
export function describeLockContract(store: CurrentStore): void {
  describe('acquiring locks', () => {
    it("gives a free stack's lock to the first job", async () => {
      const result = await store().acquireLock(jobLock('j-m7q2k1-a', 'aws/prod/network', 60_000), t0);
      const expected: Lock = {
        stack: 'aws/prod/network',
        owner: { kind: 'job', jobId: 'j-m7q2k1-a' },
        activeJobId: 'j-m7q2k1-a',
        heldBy: 'U-j-m7q2k1-a',
        acquiredAt: t0.toISOString(),
        expiresAt: plus(60_000).toISOString(),
      };
      expect(result).toStrictEqual({ ok: true, lock: expected });
      expect(await store().getLock('aws/prod/network', t0)).toStrictEqual(expected);
    });

    it('refuses another job while the lock is live and says who holds it', async () => {
      const first = await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const second = await store().acquireLock(jobLock('j-m7q2k1-b'), plus(59_999));
      expect(first.ok).toBe(true);
      expect(second).toStrictEqual({ ok: false, heldBy: first.ok ? first.lock : undefined });
    });

    it('lets the same job take its lock again (a retry), extending it and keeping when it was taken', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a'), t0);
      const again = await store().acquireLock(jobLock('j-m7q2k1-a'), plus(30_000));
      expect(again.ok && again.lock.acquiredAt).toBe(t0.toISOString());
      expect(again.ok && again.lock.expiresAt).toBe(plus(90_000).toISOString());
      expect((await store().getLock('aws/prod/network', plus(80_000)))?.activeJobId).toBe('j-m7q2k1-a');
    });

    it('lets another owner take over a lock at the moment it expires', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', 'aws/prod/network', 1_000), t0);
      const taken = await store().acquireLock(prLock(12, 'j-m7q2k1-b'), plus(1_000));
      const expected: Lock = {
        stack: 'aws/prod/network',
        owner: { kind: 'pr', pr: 12 },
        activeJobId: 'j-m7q2k1-b',
        heldBy: 'pr-12-author',
        acquiredAt: plus(1_000).toISOString(),
        expiresAt: plus(61_000).toISOString(),
      };
      expect(taken).toStrictEqual({ ok: true, lock: expected });
      expect(await store().getLock('aws/prod/network', plus(1_000))).toStrictEqual(expected);
    });

    it("keeps a PR's lock across its jobs, with one active job at a time", async () => {
      await store().acquireLock(prLock(12, 'j-m7q2k1-a'), t0);
      const whileActive = await store().acquireLock(prLock(12, 'j-m7q2k1-b'), plus(1_000));
      const otherPr = await store().acquireLock(prLock(13, 'j-m7q2k1-c'), plus(1_000));
      const released = await store().releaseJobLock('aws/prod/network', 'j-m7q2k1-a', plus(2_000));
      const between = await store().getLock('aws/prod/network', plus(2_000));
      const stranger = await store().acquireLock(jobLock('j-m7q2k1-d'), plus(3_000));
      const next = await store().acquireLock({ ...prLock(12, 'j-m7q2k1-b'), heldBy: 'someone' }, plus(4_000));
      expect([whileActive.ok, otherPr.ok, released, stranger.ok]).toEqual([false, false, true, false]);
      expect(between).toStrictEqual({
        stack: 'aws/prod/network',
        owner: { kind: 'pr', pr: 12 },
        heldBy: 'pr-12-author',
        acquiredAt: t0.toISOString(),
        expiresAt: plus(60_000).toISOString(),
      });
      expect(next).toStrictEqual({
        ok: true,
        lock: { ...between, activeJobId: 'j-m7q2k1-b', expiresAt: plus(64_000).toISOString() },
      });
    });

    it('gives each stack its own lock', async () => {
      const a = await store().acquireLock(jobLock('j-m7q2k1-a', 'aws/prod/network'), t0);
      const b = await store().acquireLock(jobLock('j-m7q2k1-b', 'aws/prod/dns'), t0);
      expect([a.ok, b.ok]).toEqual([true, true]);
    });

    it('gives the lock to exactly one of 100 concurrent jobs on one stack', async () => {
      const requests = Array.from({ length: 100 }, (_, i) => jobLock(`j-m7q2k1-${i}`));
      const results = await Promise.all(requests.map((request) => store().acquireLock(request, t0)));
      const winners = results.flatMap((result) => (result.ok ? [result.lock] : []));
      expect(winners).toHaveLength(1);
      expect(await store().getLock('aws/prod/network', t0)).toStrictEqual(winners[0]);
      for (const result of results) if (!result.ok) expect(result.heldBy).toStrictEqual(winners[0]);
    });

    it('lets exactly one of 50 concurrent jobs take over an expired lock', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-old', 'aws/prod/network', 1_000), t0);
      const requests = Array.from({ length: 50 }, (_, i) => jobLock(`j-m7q2k1-${i}`));
      const results = await Promise.all(requests.map((request) => store().acquireLock(request, plus(5_000))));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    });

    it('gives every stack its lock when 50 stacks are locked concurrently', async () => {
      const requests = Array.from({ length: 50 }, (_, i) => jobLock(`j-m7q2k1-${i}`, `aws/stack-${i}`));
      const results = await Promise.all(requests.map((request) => store().acquireLock(request, t0)));
      expect(results.every((result) => result.ok)).toBe(true);
      expect(await store().listLocks(t0)).toHaveLength(50);
    });
  });

  describe('reading locks', () => {
    it('hides expired locks from getLock and listLocks, and lists live ones by stack name', async () => {
      await store().acquireLock(jobLock('j-m7q2k1-a', 'aws/prod/network', 1_000), t0);
      await store().acquireLock(jobLock('j-m7q2k1-b', 'aws/prod/dns', 5_000), t0);
      await store().acquireLock(prLock(12, 'j-m7q2k1-c', 'aws/dev/app', 5_000), t0);
      await store().releaseJobLock('aws/dev/app', 'j-m7q2k1-c', t0);
      const listed = await store().listLocks(plus(1_000));
      expect(await store().getLock('aws/prod/network', plus(1_000))).toBeUndefined();
      expect(await store().getLock('aws/prod/network', plus(999))).toBeDefined();
      expect(listed.map((lock) => lock.stack)).toEqual(['aws/dev/app', 'aws/prod/dns']);
      expect(listed[0]?.activeJobId).toBeUndefined();
      expect(await store().listLocks(plus(5_000))).toEqual([]);
    });

    it('returns undefined and an empty list when nothing is locked', async () => {
      expect(await store().getLock('aws/prod/network', t0)).toBeUndefined();
      expect(await store().listLocks(t0)).toEqual([]);
    });
  });
}
