import type { DriftPatch, DriftStatus } from '../drift/drift-status';
import type { Requester } from '../jobs/job';

/** One line of the audit trail: who did what, to what, with which outcome. */
export interface AuditEntry {
  at: string;
  actor: Requester;
  /** What was asked, e.g. `tf.plan`, `tf.unlock`, `cdn.invalidate`. */
  action: string;
  /** The stack, distribution or preset acted on. */
  target: string;
  outcome: 'accepted' | 'refused' | 'succeeded' | 'failed' | 'cancelled';
  jobId?: string;
  detail?: string;
}

export interface AuditLog {
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: { limit: number; target?: string }): Promise<AuditEntry[]>;
}

export interface IdempotencyStore {
  /**
   * Claims a key (a Slack retry's request, a webhook delivery, a button click) for `ttlMs`.
   * Returns true only for the first claim: later claims of a live key return false.
   */
  claimOnce(key: string, ttlMs: number, now: Date): Promise<boolean>;
}

/** One person's approval of applying a plan that has risk flags. */
export interface Approval {
  planJobId: string;
  approver: Requester;
  at: string;
}

/** Approvals of flagged plans; each belongs to one plan job, so a new plan starts over. */
export interface ApprovalStore {
  /**
   * Records an approval, atomically: returns false (and changes nothing) when the same person (same source and
   * id) already approved that plan, so a double click or a retry never counts twice.
   */
  addApproval(approval: Approval): Promise<boolean>;
  /** The approvals of a plan, oldest first. */
  listApprovals(planJobId: string): Promise<Approval[]>;
}

/**
 * Short leases that make one process at a time do a piece of work shared by several (reporting a PR while
 * several notifier invocations end its jobs at once).
 */
export interface LeaseStore {
  /**
   * Takes the lease `key` for `holder` until `now + ttlMs`, atomically. Returns false while another holder's
   * lease is live; a holder may take its own lease again (which extends it).
   */
  acquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease back, if `holder` still holds it (a lease taken over after it expired stays). */
  releaseLease(key: string, holder: string): Promise<void>;
}

/** Budgets shared by every process, such as GitHub's write limits across Lambda invocations. */
export interface BudgetStore {
  /**
   * Counts one use of `key` unless `limit` uses are counted already, atomically; returns whether this use was
   * counted. A key names one window of time (`github-writes#10s#<n>`); it may be forgotten `ttlMs` after `now`.
   */
  spendBudget(key: string, limit: number, ttlMs: number, now: Date): Promise<boolean>;
}

/** Each stack's last known drift (see `core/drift/drift-status.ts`). */
export interface DriftStore {
  getDriftStatus(stack: string): Promise<DriftStatus | undefined>;
  /**
   * Sets and removes the fields `patch` names in the stack's record (made when there is none), in one atomic write
   * that leaves every other field as it is (see `DriftPatch`). With `ifJobId`, writes only while the record's last
   * check is that job (a newer check did not replace it). Returns whether it wrote.
   */
  updateDriftStatus(stack: string, patch: DriftPatch, ifJobId?: string): Promise<boolean>;
  /** Every stack's record, in any order (one read, even for thousands of stacks). */
  listDriftStatuses(): Promise<DriftStatus[]>;
}
