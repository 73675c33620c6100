import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import { describeRefusal } from '../../../../core/render/refusal-text';
import { mainSha } from '../../../fixtures/config';

function plan(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-plan-0002',
    action: 'plan',
    stack: 'aws/prod/network',
    sha: mainSha,
    ref: 'feature',
    requestedBy: { source: 'slack', id: 'UBOB' },
    status: 'succeeded',
    createdAt: '2026-11-01T11:30:00.000Z',
    finishedAt: '2026-11-01T11:35:00.000Z',
    ...overrides,
  };
}

describe('describeRefusal', () => {
  it("names who made someone else's plan, when, at which commit, and the two ways to apply it", () => {
    const text = describeRefusal({
      reason: 'plan_by_someone_else',
      plan: plan(),
      ageMs: 25 * 60_000,
      applyButton: true,
    });

    expect(text).toBe(
      'the latest plan of aws/prod/network is not yours: <@UBOB> made it 25m ago (2026-11-01 11:35 UTC) at feature (aaaaaaaa), job j-plan-0002. ' +
        '/tf apply aws/prod/network only applies your own latest plan. ' +
        "To apply this one, review it, then click Apply on that plan's message, or run /tf apply aws/prod/network j-plan-0002.",
    );
  });

  it('offers only the command when the plan has no Apply button, and names a GitHub login and its PR', () => {
    const text = describeRefusal({
      reason: 'plan_by_someone_else',
      plan: plan({ requestedBy: { source: 'github', id: 'octocat' }, pr: 12, ref: undefined }),
      ageMs: 5_000,
      applyButton: false,
    });

    expect(text).toContain(
      'octocat on GitHub made it just now (2026-11-01 11:35 UTC) at aaaaaaaa for PR #12, job j-plan-0002.',
    );
    expect(text).toContain('To apply this one, review it, then run /tf apply aws/prod/network j-plan-0002.');
    expect(text).not.toContain('Apply on');
  });

  describe('the lock of a stack', () => {
    const lock = {
      stack: 'aws/prod/network',
      owner: { kind: 'job', jobId: 'j-apply-0003' },
      activeJobId: 'j-apply-0003',
      heldBy: 'UALICE',
      acquiredAt: '2026-11-01T11:40:00.000Z',
      expiresAt: '2026-11-01T12:50:00.000Z',
    } as const;

    it('says to wait for the job running under a lock, or to cancel it, rather than to unlock', () => {
      expect(describeRefusal({ reason: 'lock_held', lock })).toBe(
        'aws/prod/network is locked by job j-apply-0003 (UALICE) since 2026-11-01T11:40:00.000Z. ' +
          'Job j-apply-0003 runs under the lock: wait for it to finish, or ask its requester (or an admin) to /tf cancel j-apply-0003.',
      );
    });

    it('says to unlock a lock with no job under it', () => {
      const idle = { ...lock, owner: { kind: 'pr', pr: 12 }, activeJobId: undefined } as const;
      expect(describeRefusal({ reason: 'lock_held', lock: idle })).toBe(
        'aws/prod/network is locked by PR #12 (UALICE) since 2026-11-01T11:40:00.000Z. Ask them (or an admin) to /tf unlock aws/prod/network.',
      );
    });

    it('refuses to unlock under a running job, naming the job, its requester and how to cancel it', () => {
      const job = plan({
        id: 'j-apply-0003',
        action: 'apply',
        status: 'running',
        requestedBy: { source: 'slack', id: 'UALICE' },
      });
      expect(describeRefusal({ reason: 'job_active', lock, job })).toBe(
        'aws/prod/network is locked by job j-apply-0003 (apply requested by <@UALICE>), which is still running: ' +
          'removing its lock would let another job of aws/prod/network run beside it. ' +
          'Wait for it to end, or stop it with /tf cancel j-apply-0003; its end releases the lock.',
      );
    });
  });
});
