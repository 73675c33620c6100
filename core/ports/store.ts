import type { JobStore, LockStore } from './job-and-lock-stores';
import type { ApprovalStore, AuditLog, BudgetStore, DriftStore, IdempotencyStore, LeaseStore } from './records';

/** Everything infrabot keeps: SQLite on one machine, DynamoDB on AWS. */
export interface Store
  extends JobStore,
    LockStore,
    AuditLog,
    IdempotencyStore,
    ApprovalStore,
    LeaseStore,
    BudgetStore,
    DriftStore {}
