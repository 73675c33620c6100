import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../core/ports';
import { type CurrentStore, makeAudit, plus, t0 } from './store-fixtures';

/** The audit trail and the one-time claims behind Slack retries and double clicks. */
export function describeAuditContract(store: CurrentStore): void {
  describe('audit log', () => {
    it('lists entries newest first, at most `limit`', async () => {
      for (let i = 0; i < 5; i++)
        await store().appendAudit(makeAudit({ at: plus(i * 1_000).toISOString(), detail: `${i}` }));
      const listed = await store().listAudit({ limit: 3 });
      expect(listed.map((entry) => entry.detail)).toEqual(['4', '3', '2']);
    });

    it('orders entries by their time, not by the order they were appended', async () => {
      for (const i of [2, 0, 3, 1])
        await store().appendAudit(makeAudit({ at: plus(i * 1_000).toISOString(), detail: `${i}` }));
      const listed = await store().listAudit({ limit: 10 });
      expect(listed.map((entry) => entry.detail)).toEqual(['3', '2', '1', '0']);
    });

    it('keeps several entries with the same time', async () => {
      await store().appendAudit(makeAudit({ outcome: 'accepted' }));
      await store().appendAudit(makeAudit({ outcome: 'succeeded' }));
      const outcomes = (await store().listAudit({ limit: 10 })).map((entry) => entry.outcome);
      expect(outcomes.sort()).toEqual(['accepted', 'succeeded']);
    });

    it('filters by target, applying the limit after filtering', async () => {
      const targets = ['aws/prod/network', 'E123CDN', 'aws/prod/network', 'aws/dev/app', 'E123CDN'];
      for (const [i, target] of targets.entries()) {
        await store().appendAudit(makeAudit({ at: plus(i * 1_000).toISOString(), target, detail: `${i}` }));
      }
      const network = await store().listAudit({ limit: 10, target: 'aws/prod/network' });
      const cdn = await store().listAudit({ limit: 1, target: 'E123CDN' });
      expect(network.map((entry) => entry.detail)).toEqual(['2', '0']);
      expect(cdn.map((entry) => entry.detail)).toEqual(['4']);
      expect(await store().listAudit({ limit: 10, target: 'nothing' })).toEqual([]);
    });

    it('returns entries exactly as appended, with or without optional fields', async () => {
      const full: AuditEntry = makeAudit({
        at: plus(1_000).toISOString(),
        actor: { source: 'github', id: 'octocat', name: 'The Octocat' },
        action: 'tf.unlock',
        outcome: 'refused',
        jobId: 'j-m7q2k1-aaaa',
        detail: 'locked by PR #12 — "octocat"',
      });
      await store().appendAudit(makeAudit());
      await store().appendAudit(full);
      expect(await store().listAudit({ limit: 10 })).toStrictEqual([full, makeAudit()]);
    });

    it('keeps the GitHub user behind an Actions request in the audit actor', async () => {
      const entry = makeAudit({
        actor: { source: 'actions', id: 'example-org/infra/.github/workflows/plan.yml@main', triggeredBy: 'octocat' },
        jobId: 'j-m7q2k1-aaaa',
      });
      await store().appendAudit(entry);
      expect(await store().listAudit({ limit: 10 })).toStrictEqual([entry]);
    });

    it('returns nothing for a limit of 0', async () => {
      await store().appendAudit(makeAudit());
      expect(await store().listAudit({ limit: 0 })).toEqual([]);
    });
  });

  describe('one-time claims', () => {
    it('grants the first claim of a key and refuses the next until the TTL has passed', async () => {
      const first = await store().claimOnce('slack:retry:abc', 1_000, t0);
      const during = await store().claimOnce('slack:retry:abc', 1_000, plus(999));
      const afterTtl = await store().claimOnce('slack:retry:abc', 1_000, plus(1_000));
      const renewed = await store().claimOnce('slack:retry:abc', 1_000, plus(1_500));
      expect([first, during, afterTtl, renewed]).toEqual([true, false, true, false]);
    });

    it('does not extend a claim when a later claim is refused', async () => {
      await store().claimOnce('click:1', 1_000, t0);
      await store().claimOnce('click:1', 1_000, plus(900));
      expect(await store().claimOnce('click:1', 1_000, plus(1_000))).toBe(true);
    });

    it('treats keys independently', async () => {
      const a = await store().claimOnce('delivery:a', 60_000, t0);
      const b = await store().claimOnce('delivery:b', 60_000, t0);
      expect([a, b]).toEqual([true, true]);
    });

    it('grants a released key to the next claim at once, and leaves other keys claimed', async () => {
      await store().claimOnce('delivery:failed', 60_000, t0);
      await store().claimOnce('delivery:done', 60_000, t0);

      await store().releaseClaim('delivery:failed');
      await store().releaseClaim('delivery:never-claimed');

      const again = await store().claimOnce('delivery:failed', 60_000, plus(1));
      const done = await store().claimOnce('delivery:done', 60_000, plus(1));
      const twice = await store().claimOnce('delivery:failed', 60_000, plus(2));
      expect([again, done, twice]).toEqual([true, false, false]);
    });

    it('grants exactly one of 50 concurrent claims of one key', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => store().claimOnce('click:2', 60_000, t0)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
