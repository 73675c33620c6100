import { describe, expect, it } from 'vitest';
import type { Store } from '../../core/ports';

const alice = { source: 'slack' as const, id: 'UALICE' };
const bob = { source: 'slack' as const, id: 'UBOB' };

/** Approvals of flagged plans: one per person per plan, in the order given. */
export function describeApprovalContract(store: () => Store): void {
  describe('approvals', () => {
    it('records approvals of a plan in order and lists only that plan', async () => {
      await store().addApproval({ planJobId: 'j-1', approver: alice, at: '2026-11-01T12:00:00.000Z' });
      await store().addApproval({ planJobId: 'j-1', approver: bob, at: '2026-11-01T12:01:00.000Z' });
      await store().addApproval({ planJobId: 'j-2', approver: bob, at: '2026-11-01T12:02:00.000Z' });

      const approvals = await store().listApprovals('j-1');

      expect(approvals).toEqual([
        { planJobId: 'j-1', approver: alice, at: '2026-11-01T12:00:00.000Z' },
        { planJobId: 'j-1', approver: bob, at: '2026-11-01T12:01:00.000Z' },
      ]);
    });

    it('counts the same person once, even when both approvals arrive together', async () => {
      const approval = { planJobId: 'j-1', approver: alice, at: '2026-11-01T12:00:00.000Z' };

      const added = await Promise.all([store().addApproval(approval), store().addApproval(approval)]);

      expect(added.sort()).toEqual([false, true]);
      expect(await store().listApprovals('j-1')).toHaveLength(1);
    });

    it('keeps a Slack user and a GitHub login of the same name apart', async () => {
      await store().addApproval({
        planJobId: 'j-1',
        approver: { source: 'slack', id: 'octo' },
        at: '2026-11-01T12:00:00.000Z',
      });

      const added = await store().addApproval({
        planJobId: 'j-1',
        approver: { source: 'github', id: 'octo' },
        at: '2026-11-01T12:00:01.000Z',
      });

      expect(added).toBe(true);
    });
  });
}
