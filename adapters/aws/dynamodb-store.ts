import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DriftPatch, DriftStatus } from '../../core/drift/drift-status';
import type { Job, JobStatus } from '../../core/jobs/job';
import type { Lock, LockOwner, LockRequest, LockResult } from '../../core/locks/lock';
import type { Approval, AuditEntry, JobPatch, JobQuery, Store } from '../../core/ports';
import { DynamoDbApprovals } from './dynamodb-approvals';
import { DynamoDbDrift } from './dynamodb-drift';
import { DynamoDbJobs } from './dynamodb-jobs';
import { DynamoDbLeases } from './dynamodb-leases';
import { DynamoDbLocks } from './dynamodb-locks';
import { DynamoDbRecords } from './dynamodb-records';

/**
 * Everything infrabot keeps, in one DynamoDB table (string `pk`, string `sk`, TTL attribute `ttl`).
 * The item layouts are described in dynamodb-keys.ts; jobs, locks and records live in their own classes.
 */
export interface DynamoDbStoreOptions {
  /** A document client; give it `marshallOptions.removeUndefinedValues` or not, the store writes no undefined. */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** When set, jobs and audit entries expire this long after they are written. Kept for ever otherwise. */
  retentionMs?: number;
}

export class DynamoDbStore implements Store {
  private readonly jobs: DynamoDbJobs;
  private readonly locks: DynamoDbLocks;
  private readonly records: DynamoDbRecords;
  private readonly approvals: DynamoDbApprovals;
  private readonly leases: DynamoDbLeases;
  private readonly drift: DynamoDbDrift;

  constructor(options: DynamoDbStoreOptions) {
    this.jobs = new DynamoDbJobs(options);
    this.locks = new DynamoDbLocks(options);
    this.records = new DynamoDbRecords(options);
    this.approvals = new DynamoDbApprovals(options);
    this.leases = new DynamoDbLeases(options);
    this.drift = new DynamoDbDrift(options);
  }

  createJob(job: Job): Promise<boolean> {
    return this.jobs.createJob(job);
  }
  getJob(id: string): Promise<Job | undefined> {
    return this.jobs.getJob(id);
  }
  transitionJob(id: string, to: JobStatus, patch?: JobPatch): Promise<Job | undefined> {
    return this.jobs.transitionJob(id, to, patch);
  }
  updateJob(id: string, patch: JobPatch): Promise<void> {
    return this.jobs.updateJob(id, patch);
  }
  listJobs(query: JobQuery): Promise<Job[]> {
    return this.jobs.listJobs(query);
  }

  acquireLock(request: LockRequest, now: Date): Promise<LockResult> {
    return this.locks.acquireLock(request, now);
  }
  releaseJobLock(stack: string, jobId: string, now: Date): Promise<boolean> {
    return this.locks.releaseJobLock(stack, jobId, now);
  }
  releaseLock(stack: string, owner: LockOwner): Promise<boolean> {
    return this.locks.releaseLock(stack, owner);
  }
  releaseCheckedLock(checked: Lock): Promise<boolean> {
    return this.locks.releaseCheckedLock(checked);
  }
  extendJobLock(stack: string, jobId: string, until: Date): Promise<boolean> {
    return this.locks.extendJobLock(stack, jobId, until);
  }
  getLock(stack: string, now: Date): Promise<Lock | undefined> {
    return this.locks.getLock(stack, now);
  }
  listLocks(now: Date): Promise<Lock[]> {
    return this.locks.listLocks(now);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.records.appendAudit(entry);
  }
  listAudit(query: { limit: number; target?: string }): Promise<AuditEntry[]> {
    return this.records.listAudit(query);
  }
  claimOnce(key: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.records.claimOnce(key, ttlMs, now);
  }

  addApproval(approval: Approval): Promise<boolean> {
    return this.approvals.addApproval(approval);
  }
  listApprovals(planJobId: string): Promise<Approval[]> {
    return this.approvals.listApprovals(planJobId);
  }
  acquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.leases.acquireLease(key, holder, ttlMs, now);
  }
  releaseLease(key: string, holder: string): Promise<void> {
    return this.leases.releaseLease(key, holder);
  }
  spendBudget(key: string, limit: number, ttlMs: number, now: Date): Promise<boolean> {
    return this.leases.spendBudget(key, limit, ttlMs, now);
  }

  getDriftStatus(stack: string): Promise<DriftStatus | undefined> {
    return this.drift.getDriftStatus(stack);
  }
  updateDriftStatus(stack: string, patch: DriftPatch, ifJobId?: string): Promise<boolean> {
    return this.drift.updateDriftStatus(stack, patch, ifJobId);
  }
  listDriftStatuses(): Promise<DriftStatus[]> {
    return this.drift.listDriftStatuses();
  }
}
