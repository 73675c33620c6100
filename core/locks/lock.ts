/** Who holds a stack's lock: a job on its own, or a pull request that planned the stack. */
export type LockOwner = { kind: 'job'; jobId: string } | { kind: 'pr'; pr: number };

/**
 * One lock per stack. A lock owned by a job lives as long as that job; a lock owned by a PR outlives its
 * jobs (so no other PR can plan the stack in between) until the PR merges, closes or is unlocked.
 * `activeJobId` is the job running under the lock right now: at most one per stack, whoever owns the lock.
 */
export interface Lock {
  stack: string;
  owner: LockOwner;
  activeJobId?: string;
  /** Who caused the lock to be taken (a Slack user, a GitHub login), for "locked by …" messages. */
  heldBy: string;
  acquiredAt: string;
  /** After this time the lock may be taken over: a crashed job never blocks a stack for ever. */
  expiresAt: string;
}

/** What a caller asks for when starting a job on a stack. */
export interface LockRequest {
  stack: string;
  owner: LockOwner;
  jobId: string;
  heldBy: string;
  /** How long the lock lasts if nobody releases it. */
  ttlMs: number;
}

export type LockResult = { ok: true; lock: Lock } | { ok: false; heldBy: Lock };

export function sameOwner(a: LockOwner, b: LockOwner): boolean {
  if (a.kind === 'job' && b.kind === 'job') return a.jobId === b.jobId;
  if (a.kind === 'pr' && b.kind === 'pr') return a.pr === b.pr;
  return false;
}

export function isExpired(lock: Lock, now: Date): boolean {
  return Date.parse(lock.expiresAt) <= now.getTime();
}

/**
 * Whether a job may start under the lock given its current state: free, expired, or held by the same
 * owner with no other job running (a job retried with its own id is also let through).
 */
export function canAcquire(current: Lock | undefined, request: LockRequest, now: Date): boolean {
  if (!current || isExpired(current, now)) return true;
  if (!sameOwner(current.owner, request.owner)) return false;
  return current.activeJobId === undefined || current.activeJobId === request.jobId;
}

/** The lock as it stands after `request` takes it. */
export function lockAfterAcquire(current: Lock | undefined, request: LockRequest, now: Date): Lock {
  const keep = current && !isExpired(current, now) && sameOwner(current.owner, request.owner);
  return {
    stack: request.stack,
    owner: request.owner,
    activeJobId: request.jobId,
    heldBy: keep ? current.heldBy : request.heldBy,
    acquiredAt: keep ? current.acquiredAt : now.toISOString(),
    expiresAt: new Date(now.getTime() + request.ttlMs).toISOString(),
  };
}

/**
 * Whether `jobId` may push the lock's expiry to `until`: it is the job running under the lock (whoever owns it)
 * and the lock would end sooner. An expired lock nobody took over is still its job's; a lock is never shortened.
 */
export function canExtend(current: Lock | undefined, jobId: string, until: Date): current is Lock {
  return current !== undefined && current.activeJobId === jobId && Date.parse(current.expiresAt) < until.getTime();
}

/**
 * Whether `current` is still the lock someone checked before removing it: the same owner with the same job (or
 * none) under it. A lock taken or retaken in between, by another owner or for another job, is not.
 */
export function isCheckedLock(current: Lock | undefined, checked: Lock): current is Lock {
  return (
    current !== undefined && sameOwner(current.owner, checked.owner) && current.activeJobId === checked.activeJobId
  );
}

export function describeOwner(owner: LockOwner): string {
  return owner.kind === 'job' ? `job ${owner.jobId}` : `PR #${owner.pr}`;
}
