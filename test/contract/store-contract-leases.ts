import { describe, expect, it } from 'vitest';
import { type CurrentStore, plus, t0 } from './store-fixtures';

const key = 'pr-report#7';

/** Leases: one holder at a time, until it gives the lease back or the lease expires. Shared budgets. */
export function describeLeaseContract(store: CurrentStore): void {
  describe('leases', () => {
    it('refuses a second holder while the lease is live, and grants it once the lease expires', async () => {
      const first = await store().acquireLease(key, 'a', 1_000, t0);
      const during = await store().acquireLease(key, 'b', 1_000, plus(999));
      const afterTtl = await store().acquireLease(key, 'b', 1_000, plus(1_000));
      expect([first, during, afterTtl]).toEqual([true, false, true]);
    });

    it('lets the holder take its own lease again and gives it to the next holder once released', async () => {
      await store().acquireLease(key, 'a', 1_000, t0);
      const again = await store().acquireLease(key, 'a', 1_000, plus(500));
      await store().releaseLease(key, 'a');
      const next = await store().acquireLease(key, 'b', 1_000, plus(600));
      expect([again, next]).toEqual([true, true]);
    });

    it('leaves a lease alone when someone else releases it', async () => {
      await store().acquireLease(key, 'a', 1_000, t0);
      await store().releaseLease(key, 'b');
      expect(await store().acquireLease(key, 'b', 1_000, plus(10))).toBe(false);
    });

    it('keeps a lease taken over after expiry when the old holder releases late', async () => {
      await store().acquireLease(key, 'a', 1_000, t0);
      await store().acquireLease(key, 'b', 1_000, plus(2_000));
      await store().releaseLease(key, 'a');
      expect(await store().acquireLease(key, 'c', 1_000, plus(2_100))).toBe(false);
    });

    it('grants exactly one of 20 concurrent holders', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().acquireLease('pr-report#9', `h${i}`, 60_000, t0)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('shared budgets', () => {
    it('counts uses of a key up to its limit and refuses the rest, keys apart', async () => {
      const spent: boolean[] = [];
      for (let i = 0; i < 4; i += 1) spent.push(await store().spendBudget('writes#10s#1', 3, 60_000, t0));
      const other = await store().spendBudget('writes#10s#2', 3, 60_000, t0);
      expect(spent).toEqual([true, true, true, false]);
      expect(other).toBe(true);
    });

    it('counts exactly the limit of 30 concurrent uses', async () => {
      const results = await Promise.all(
        Array.from({ length: 30 }, () => store().spendBudget('writes#10s#3', 11, 60_000, t0)),
      );
      expect(results.filter(Boolean)).toHaveLength(11);
    });
  });
}
