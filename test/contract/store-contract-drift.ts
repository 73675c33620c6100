import { describe, expect, it } from 'vitest';
import type { DriftStatus } from '../../core/drift/drift-status';
import type { Store } from '../../core/ports';

const drifted: DriftStatus = {
  stack: 'aws/prod/network',
  requestedAt: '2026-11-02T06:00:00.000Z',
  jobId: 'j-drift-1',
  checkedAt: '2026-11-02T06:03:00.000Z',
  state: {
    kind: 'drifted',
    fingerprint: 'f1',
    outside: [{ address: 'aws_security_group.web', action: 'update', attributes: ['ingress', 'tags.Owner'] }],
    pending: [{ address: 'aws_s3_bucket.logs', action: 'create' }],
  },
  logUrl: 'https://logs.example/j-drift-1',
  announcedFingerprint: 'f1',
  snoozed: { fingerprint: 'f0', until: '2026-11-09T06:00:00.000Z' },
  message: { channel: 'C0DRIFT', ts: '1700000000.000100' },
  issue: 42,
};

/** Writes `status` into an empty record of its stack. */
async function seed(store: Store, status: DriftStatus): Promise<void> {
  const { stack, ...fields } = status;
  await store.updateDriftStatus(stack, fields);
}

/** Each stack's drift status: changed field by field, read back as written, listed in one call. */
export function describeDriftContract(store: () => Store): void {
  describe('drift', () => {
    it('reads back a drift status exactly as it was written', async () => {
      await seed(store(), drifted);

      expect(await store().getDriftStatus('aws/prod/network')).toEqual(drifted);
    });

    it('sets the fields a change gives, whole, removes those given as null, and leaves the others', async () => {
      await seed(store(), drifted);

      const wrote = await store().updateDriftStatus('aws/prod/network', {
        checkedAt: '2026-11-03T06:00:00.000Z',
        state: { kind: 'in_sync' },
        announcedFingerprint: null,
        logUrl: null,
      });

      expect(wrote).toBe(true);
      const { announcedFingerprint: _gone, logUrl: _alsoGone, ...kept } = drifted;
      expect(await store().getDriftStatus('aws/prod/network')).toEqual({
        ...kept,
        checkedAt: '2026-11-03T06:00:00.000Z',
        state: { kind: 'in_sync' },
      });
    });

    it('keeps both of two changes of different fields made from the same read (a snooze and a check ending)', async () => {
      await seed(store(), drifted);

      await Promise.all([
        store().updateDriftStatus('aws/prod/network', {
          snoozed: { fingerprint: 'f1', until: '2026-11-10T06:00:00.000Z' },
        }),
        store().updateDriftStatus(
          'aws/prod/network',
          { checkedAt: '2026-11-03T06:00:00.000Z', state: { kind: 'in_sync' } },
          'j-drift-1',
        ),
      ]);

      expect(await store().getDriftStatus('aws/prod/network')).toMatchObject({
        checkedAt: '2026-11-03T06:00:00.000Z',
        state: { kind: 'in_sync' },
        snoozed: { fingerprint: 'f1', until: '2026-11-10T06:00:00.000Z' },
      });
    });

    it('writes a change made for a check only while that check is still the stack’s', async () => {
      await seed(store(), drifted);

      const late = await store().updateDriftStatus('aws/prod/network', { state: { kind: 'in_sync' } }, 'j-drift-0');
      const missing = await store().updateDriftStatus('google/dns', { state: { kind: 'in_sync' } }, 'j-drift-1');

      expect([late, missing]).toEqual([false, false]);
      expect(await store().getDriftStatus('aws/prod/network')).toEqual(drifted);
      expect(await store().getDriftStatus('google/dns')).toBeUndefined();
    });

    it('lists every stack once and knows nothing of a stack never checked', async () => {
      await seed(store(), drifted);
      await store().updateDriftStatus('google/dns', { requestedAt: '2026-11-02T06:00:00.000Z' });
      await store().updateDriftStatus('google/dns', { state: { kind: 'skipped', reason: 'locked by PR #12' } });

      const listed = await store().listDriftStatuses();

      expect(listed.map((status) => status.stack).sort()).toEqual(['aws/prod/network', 'google/dns']);
      expect(await store().getDriftStatus('google/dns')).toEqual({
        stack: 'google/dns',
        requestedAt: '2026-11-02T06:00:00.000Z',
        state: { kind: 'skipped', reason: 'locked by PR #12' },
      });
      expect(await store().getDriftStatus('github/repos')).toBeUndefined();
    });
  });
}
