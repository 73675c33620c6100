import type { Job } from '../../core/jobs/job';
import type { Lock, LockOwner } from '../../core/locks/lock';
import type { AuditEntry, JobPatch } from '../../core/ports';

/** A row of `jobs`: nested fields are JSON text, absent fields NULL. */
export interface JobRow {
  id: string;
  action: Job['action'];
  kind: Job['kind'] | null;
  stack: string;
  sha: string;
  ref: string | null;
  pr: number | null;
  plan_job_id: string | null;
  requested_by: string;
  reply: string | null;
  status: Job['status'];
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  build: string | null;
  summary: string | null;
  plan_digest: string | null;
  reason: string | null;
  apply_order: string | null;
  build_process_group: number | null;
  build_start_ticks: number | null;
}

/** A row of `locks`; `owner_id` is the owning job's id or the PR number as text. */
export interface LockRow {
  stack: string;
  owner_kind: LockOwner['kind'];
  owner_id: string;
  active_job_id: string | null;
  held_by: string;
  acquired_at: string;
  expires_at: string;
  expires_ms: number;
}

/** A row of `audit`, without its sequence number. */
export interface AuditRow {
  at: string;
  actor: string;
  action: string;
  target: string;
  outcome: AuditEntry['outcome'];
  job_id: string | null;
  detail: string | null;
}

/** The named parameters of the patch columns; NULL leaves a column as it is. */
export interface PatchParams {
  startedAt: string | null;
  finishedAt: string | null;
  build: string | null;
  summary: string | null;
  planDigest: string | null;
  reason: string | null;
  reply: string | null;
  sha: string | null;
  planJobId: string | null;
  order: string | null;
  buildProcessGroup: number | null;
  buildStartTicks: number | null;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function jobToRow(job: Job): JobRow {
  return {
    id: job.id,
    action: job.action,
    kind: job.kind ?? null,
    stack: job.stack,
    sha: job.sha,
    ref: job.ref ?? null,
    pr: job.pr ?? null,
    plan_job_id: job.planJobId ?? null,
    requested_by: JSON.stringify(job.requestedBy),
    reply: json(job.reply),
    status: job.status,
    created_at: job.createdAt,
    started_at: job.startedAt ?? null,
    finished_at: job.finishedAt ?? null,
    build: json(job.build),
    summary: json(job.summary),
    plan_digest: json(job.planDigest),
    reason: job.reason ?? null,
    apply_order: json(job.order),
    build_process_group: job.buildProcess?.processGroup ?? null,
    build_start_ticks: job.buildProcess?.startTicks ?? null,
  };
}

/** The job a row holds, with no key for an absent field. */
export function jobFromRow(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    action: row.action,
    stack: row.stack,
    sha: row.sha,
    requestedBy: JSON.parse(row.requested_by),
    status: row.status,
    createdAt: row.created_at,
  };
  if (row.kind !== null && row.kind !== undefined) job.kind = row.kind;
  if (row.ref !== null) job.ref = row.ref;
  if (row.pr !== null) job.pr = row.pr;
  if (row.plan_job_id !== null) job.planJobId = row.plan_job_id;
  if (row.reply !== null) job.reply = JSON.parse(row.reply);
  if (row.started_at !== null) job.startedAt = row.started_at;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  if (row.build !== null) job.build = JSON.parse(row.build);
  if (row.summary !== null) job.summary = JSON.parse(row.summary);
  if (row.plan_digest !== null) job.planDigest = JSON.parse(row.plan_digest);
  if (row.reason !== null) job.reason = row.reason;
  if (row.apply_order !== null) job.order = JSON.parse(row.apply_order);
  if (row.build_process_group !== null && row.build_start_ticks !== null) {
    job.buildProcess = { processGroup: row.build_process_group, startTicks: row.build_start_ticks };
  }
  return job;
}

export function patchParams(patch: JobPatch): PatchParams {
  return {
    startedAt: patch.startedAt ?? null,
    finishedAt: patch.finishedAt ?? null,
    build: json(patch.build),
    summary: json(patch.summary),
    planDigest: json(patch.planDigest),
    reason: patch.reason ?? null,
    reply: json(patch.reply),
    sha: patch.sha ?? null,
    planJobId: patch.planJobId ?? null,
    order: json(patch.order),
    buildProcessGroup: patch.buildProcess?.processGroup ?? null,
    buildStartTicks: patch.buildProcess?.startTicks ?? null,
  };
}

export function ownerId(owner: LockOwner): string {
  return owner.kind === 'job' ? owner.jobId : String(owner.pr);
}

export function lockToRow(lock: Lock): LockRow {
  return {
    stack: lock.stack,
    owner_kind: lock.owner.kind,
    owner_id: ownerId(lock.owner),
    active_job_id: lock.activeJobId ?? null,
    held_by: lock.heldBy,
    acquired_at: lock.acquiredAt,
    expires_at: lock.expiresAt,
    expires_ms: Date.parse(lock.expiresAt),
  };
}

export function lockFromRow(row: LockRow): Lock {
  const owner: LockOwner =
    row.owner_kind === 'job' ? { kind: 'job', jobId: row.owner_id } : { kind: 'pr', pr: Number(row.owner_id) };
  const lock: Lock = {
    stack: row.stack,
    owner,
    heldBy: row.held_by,
    acquiredAt: row.acquired_at,
    expiresAt: row.expires_at,
  };
  if (row.active_job_id !== null) lock.activeJobId = row.active_job_id;
  return lock;
}

export function auditToRow(entry: AuditEntry): AuditRow {
  return {
    at: entry.at,
    actor: JSON.stringify(entry.actor),
    action: entry.action,
    target: entry.target,
    outcome: entry.outcome,
    job_id: entry.jobId ?? null,
    detail: entry.detail ?? null,
  };
}

export function auditFromRow(row: AuditRow): AuditEntry {
  const entry: AuditEntry = {
    at: row.at,
    actor: JSON.parse(row.actor),
    action: row.action,
    target: row.target,
    outcome: row.outcome,
  };
  if (row.job_id !== null) entry.jobId = row.job_id;
  if (row.detail !== null) entry.detail = row.detail;
  return entry;
}
