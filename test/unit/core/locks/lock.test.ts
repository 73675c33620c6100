import { describe, expect, it } from 'vitest';
import { canAcquire, type Lock, lockAfterAcquire } from '../../../../core/locks/lock';

const now = new Date('2026-01-01T00:00:00Z');
const prLock: Lock = {
  stack: 'aws/prod/network',
  owner: { kind: 'pr', pr: 12 },
  heldBy: 'octocat',
  acquiredAt: '2025-12-31T00:00:00Z',
  expiresAt: '2026-01-10T00:00:00Z',
};

describe('lock rules', () => {
  it('lets a job take a free or expired lock', () => {
    const request = {
      stack: 'aws/prod/network',
      owner: { kind: 'job', jobId: 'j-1' } as const,
      jobId: 'j-1',
      heldBy: 'U1',
      ttlMs: 1000,
    };
    expect(canAcquire(undefined, request, now)).toBe(true);
    expect(canAcquire({ ...prLock, expiresAt: '2025-12-31T12:00:00Z' }, request, now)).toBe(true);
  });

  it('refuses another owner while the lock is live', () => {
    const request = {
      stack: 'aws/prod/network',
      owner: { kind: 'pr', pr: 13 } as const,
      jobId: 'j-2',
      heldBy: 'U2',
      ttlMs: 1000,
    };
    expect(canAcquire(prLock, request, now)).toBe(false);
  });

  it('lets the owning PR start one job at a time and keeps who took the lock first', () => {
    const request = {
      stack: 'aws/prod/network',
      owner: { kind: 'pr', pr: 12 } as const,
      jobId: 'j-3',
      heldBy: 'someone',
      ttlMs: 1000,
    };
    expect(canAcquire(prLock, request, now)).toBe(true);
    const taken = lockAfterAcquire(prLock, request, now);
    expect(taken.heldBy).toBe('octocat');
    expect(taken.activeJobId).toBe('j-3');
    expect(canAcquire(taken, { ...request, jobId: 'j-4' }, now)).toBe(false);
  });
});
