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

/** Each stack's drift status: written whole, read back as written, listed in one call. */
export function describeDriftContract(store: () => Store): void {
  describe('drift', () => {
    it('reads back a drift status exactly as it was written', async () => {
      await store().putDriftStatus(drifted);

      expect(await store().getDriftStatus('aws/prod/network')).toEqual(drifted);
    });

    it('replaces the whole record of a stack, leaving no field of the one before', async () => {
      await store().putDriftStatus(drifted);

      await store().putDriftStatus({
        stack: 'aws/prod/network',
        checkedAt: '2026-11-03T06:00:00.000Z',
        state: { kind: 'in_sync' },
      });

      expect(await store().getDriftStatus('aws/prod/network')).toEqual({
        stack: 'aws/prod/network',
        checkedAt: '2026-11-03T06:00:00.000Z',
        state: { kind: 'in_sync' },
      });
    });

    it('lists every stack once and knows nothing of a stack never checked', async () => {
      await store().putDriftStatus(drifted);
      await store().putDriftStatus({ stack: 'google/dns', requestedAt: '2026-11-02T06:00:00.000Z' });
      await store().putDriftStatus({ stack: 'google/dns', state: { kind: 'skipped', reason: 'locked by PR #12' } });

      const listed = await store().listDriftStatuses();

      expect(listed.map((status) => status.stack).sort()).toEqual(['aws/prod/network', 'google/dns']);
      expect(await store().getDriftStatus('github/repos')).toBeUndefined();
    });
  });
}
