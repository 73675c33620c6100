import { describe, expect, it } from 'vitest';
import { type CurrentStore, plus, t0 } from './store-fixtures';

const key = 'pr-report#7';

/** Leases: one holder at a time, until it gives the lease back or the lease expires. */
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
}
