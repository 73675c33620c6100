import type { Job } from '../../core/jobs/job';
import type { LockRequest } from '../../core/locks/lock';
import type { PlanSummary } from '../../core/plan/summary';
import type { AuditEntry, Store } from '../../core/ports';

/** Returns the store under test; each test gets a fresh, empty one. */
export type CurrentStore = () => Store;

/** The moment every contract test starts from. */
export const t0 = new Date('2026-03-01T12:00:00.000Z');

/** `t0` plus some milliseconds. */
export function plus(ms: number): Date {
  return new Date(t0.getTime() + ms);
}

export const sha = '0123456789abcdef0123456789abcdef01234567';

/** A queued plan job with only the required fields. */
export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-m7q2k1-aaaa',
    action: 'plan',
    stack: 'aws/prod/network',
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    status: 'queued',
    createdAt: t0.toISOString(),
    ...overrides,
  };
}

export const summary: PlanSummary = {
  counts: { create: 1, update: 1, delete: 0, replace: 1, import: 0, move: 0, read: 0 },
  hasChanges: true,
  changes: [
    { address: 'aws_s3_bucket.logs', action: 'create', type: 'aws_s3_bucket' },
    {
      address: 'module.vpc.aws_subnet.a',
      action: 'replace',
      type: 'aws_subnet',
      module: 'module.vpc',
      replaceReasons: ['cidr_block'],
    },
    { address: 'aws_iam_role.ci', action: 'update', type: 'aws_iam_role', movedFrom: 'aws_iam_role.old' },
  ],
  drift: [],
  outputs: [{ name: 'bucket_arn', action: 'create', sensitive: false }],
  terraformVersion: '1.11.0',
};

/** A job that uses every optional field, with nested values. */
export function makeFullJob(overrides: Partial<Job> = {}): Job {
  return makeJob({
    action: 'apply',
    ref: 'main',
    pr: 12,
    planJobId: 'j-m7q2k0-pppp',
    requestedBy: { source: 'github', id: 'octocat', name: 'The Octocat' },
    reply: { channel: 'C0123ABC', ts: '1700000000.000100' },
    status: 'succeeded',
    startedAt: plus(1_000).toISOString(),
    finishedAt: plus(60_000).toISOString(),
    build: { id: 'infrabot-apply:1234', logUrl: 'https://logs.example.com/1234' },
    summary,
    reason: 'applied "aws/prod/network" with "quotes" and ünïcode',
    ...overrides,
  });
}

/** A request by a job that owns its lock. */
export function jobLock(jobId: string, stack = 'aws/prod/network', ttlMs = 60_000): LockRequest {
  return { stack, owner: { kind: 'job', jobId }, jobId, heldBy: `U-${jobId}`, ttlMs };
}

/** A request by a job that runs under its PR's lock. */
export function prLock(pr: number, jobId: string, stack = 'aws/prod/network', ttlMs = 60_000): LockRequest {
  return { stack, owner: { kind: 'pr', pr }, jobId, heldBy: `pr-${pr}-author`, ttlMs };
}

export function makeAudit(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: t0.toISOString(),
    actor: { source: 'slack', id: 'U012ABCDEF' },
    action: 'tf.plan',
    target: 'aws/prod/network',
    outcome: 'accepted',
    ...overrides,
  };
}
