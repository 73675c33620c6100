import { type DriftPatch, type DriftStatus, patchedDriftStatus } from '../../core/drift/drift-status';
import { canTransition, type Job, type JobStatus, queryKindOf } from '../../core/jobs/job';
import {
  canAcquire,
  canExtend,
  isCheckedLock,
  isExpired,
  type Lock,
  type LockOwner,
  type LockRequest,
  type LockResult,
  lockAfterAcquire,
  sameOwner,
} from '../../core/locks/lock';
import type { Approval, AuditEntry, JobPatch, JobQuery, Store } from '../../core/ports';

/** An in-memory Store for domain tests; behaves like the SQLite and DynamoDB stores (see the store contract). */
export class MemoryStore implements Store {
  readonly jobs = new Map<string, Job>();
  readonly locks = new Map<string, Lock>();
  readonly audit: AuditEntry[] = [];
  readonly approvals: Approval[] = [];
  private readonly claims = new Map<string, number>();
  readonly leases = new Map<string, { holder: string; expiresAt: number }>();
  private readonly budgets = new Map<string, number>();
  readonly drift = new Map<string, DriftStatus>();

  async getDriftStatus(stack: string): Promise<DriftStatus | undefined> {
    const status = this.drift.get(stack);
    return status && structuredClone(status);
  }

  async updateDriftStatus(stack: string, patch: DriftPatch, ifJobId?: string): Promise<boolean> {
    const current = this.drift.get(stack);
    if (ifJobId !== undefined && current?.jobId !== ifJobId) return false;
    this.drift.set(stack, structuredClone(patchedDriftStatus(current ?? { stack }, patch)));
    return true;
  }

  async listDriftStatuses(): Promise<DriftStatus[]> {
    return [...this.drift.values()].map((status) => structuredClone(status));
  }

  async createJob(job: Job): Promise<boolean> {
    if (this.jobs.has(job.id)) return false;
    this.jobs.set(job.id, structuredClone(job));
    return true;
  }

  async getJob(id: string): Promise<Job | undefined> {
    const job = this.jobs.get(id);
    return job && structuredClone(job);
  }

  async transitionJob(id: string, to: JobStatus, patch: JobPatch = {}): Promise<Job | undefined> {
    const job = this.jobs.get(id);
    if (!job || !canTransition(job.status, to)) return undefined;
    const next = { ...job, ...definedFields(patch), status: to };
    this.jobs.set(id, next);
    return structuredClone(next);
  }

  async updateJob(id: string, patch: JobPatch): Promise<void> {
    const job = this.jobs.get(id);
    if (job) this.jobs.set(id, { ...job, ...definedFields(patch) });
  }

  async listJobs(query: JobQuery): Promise<Job[]> {
    return [...this.jobs.values()]
      .filter((job) => query.stack === undefined || job.stack === query.stack)
      .filter((job) => query.status === undefined || query.status.includes(job.status))
      .filter((job) => query.action === undefined || job.action === query.action)
      .filter((job) => query.kind === undefined || queryKindOf(job) === query.kind)
      .filter((job) => query.pr === undefined || job.pr === query.pr)
      .filter((job) => query.createdSince === undefined || job.createdAt >= query.createdSince)
      .sort((a, b) => compareDesc(a.createdAt, b.createdAt) || compareDesc(a.id, b.id))
      .slice(0, query.limit)
      .map((job) => structuredClone(job));
  }

  async acquireLock(request: LockRequest, now: Date): Promise<LockResult> {
    const current = this.locks.get(request.stack);
    if (current && !canAcquire(current, request, now)) return { ok: false, heldBy: structuredClone(current) };
    const lock = lockAfterAcquire(current, request, now);
    this.locks.set(request.stack, lock);
    return { ok: true, lock: structuredClone(lock) };
  }

  async releaseJobLock(stack: string, jobId: string, _now: Date): Promise<boolean> {
    const current = this.locks.get(stack);
    if (!current) return false;
    if (current.owner.kind === 'job' && current.owner.jobId === jobId) {
      this.locks.delete(stack);
      return true;
    }
    if (current.owner.kind === 'pr' && current.activeJobId === jobId) {
      const { activeJobId: _released, ...rest } = current;
      this.locks.set(stack, rest);
      return true;
    }
    return false;
  }

  async releaseLock(stack: string, owner: LockOwner): Promise<boolean> {
    const current = this.locks.get(stack);
    if (!current || !sameOwner(current.owner, owner)) return false;
    this.locks.delete(stack);
    return true;
  }

  async releaseCheckedLock(checked: Lock): Promise<boolean> {
    if (!isCheckedLock(this.locks.get(checked.stack), checked)) return false;
    this.locks.delete(checked.stack);
    return true;
  }

  async extendJobLock(stack: string, jobId: string, until: Date): Promise<boolean> {
    const current = this.locks.get(stack);
    if (!canExtend(current, jobId, until)) return false;
    this.locks.set(stack, { ...current, expiresAt: until.toISOString() });
    return true;
  }

  async getLock(stack: string, now: Date): Promise<Lock | undefined> {
    const current = this.locks.get(stack);
    return current && !isExpired(current, now) ? structuredClone(current) : undefined;
  }

  async listLocks(now: Date): Promise<Lock[]> {
    return [...this.locks.values()]
      .filter((lock) => !isExpired(lock, now))
      .sort((a, b) => -compareDesc(a.stack, b.stack))
      .map((lock) => structuredClone(lock));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.push(structuredClone(entry));
  }

  async listAudit(query: { limit: number; target?: string }): Promise<AuditEntry[]> {
    return this.audit
      .map((entry, seq) => ({ entry, seq }))
      .filter(({ entry }) => query.target === undefined || entry.target === query.target)
      .sort((a, b) => compareDesc(a.entry.at, b.entry.at) || b.seq - a.seq)
      .slice(0, query.limit)
      .map(({ entry }) => structuredClone(entry));
  }

  async addApproval(approval: Approval): Promise<boolean> {
    const same = (other: Approval) =>
      other.planJobId === approval.planJobId &&
      other.approver.source === approval.approver.source &&
      other.approver.id === approval.approver.id;
    if (this.approvals.some(same)) return false;
    this.approvals.push(structuredClone(approval));
    return true;
  }

  async listApprovals(planJobId: string): Promise<Approval[]> {
    return this.approvals
      .filter((approval) => approval.planJobId === planJobId)
      .map((approval) => structuredClone(approval));
  }

  async claimOnce(key: string, ttlMs: number, now: Date): Promise<boolean> {
    const expiresAt = this.claims.get(key);
    if (expiresAt !== undefined && expiresAt > now.getTime()) return false;
    this.claims.set(key, now.getTime() + ttlMs);
    return true;
  }

  async acquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const current = this.leases.get(key);
    if (current && current.holder !== holder && current.expiresAt > now.getTime()) return false;
    this.leases.set(key, { holder, expiresAt: now.getTime() + ttlMs });
    return true;
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    if (this.leases.get(key)?.holder === holder) this.leases.delete(key);
  }

  async spendBudget(key: string, limit: number, _ttlMs: number, _now: Date): Promise<boolean> {
    const used = this.budgets.get(key) ?? 0;
    if (used >= limit) return false;
    this.budgets.set(key, used + 1);
    return true;
  }
}

/** Orders strings by code unit, highest first, as SQLite and DynamoDB compare keys. */
function compareDesc(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? 1 : -1;
}

/** A patch without its undefined fields: an undefined field leaves the job's value as it is. */
function definedFields(patch: JobPatch): JobPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
