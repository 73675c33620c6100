import type { DriftedResource, PendingChange } from './drift-report';

/**
 * What the last drift check of a stack found. A skipped check (the stack was locked or busy) and a failed one
 * keep what the channel was last told, so that the drift seen before is not announced again after them.
 */
export type DriftState =
  | { kind: 'in_sync' }
  | {
      kind: 'drifted';
      fingerprint: string;
      outside: DriftedResource[];
      pending: PendingChange[];
    }
  | { kind: 'failed'; reason: string }
  | { kind: 'skipped'; reason: string };

/** The stack's drift as the store keeps it: one record per stack, written by each check. */
export interface DriftStatus {
  stack: string;
  /** When a scheduled run (or `/tf drift check all`) last wanted the stack checked: it waits while this is newer than `requestedAt`. */
  dueAt?: string;
  /** When a check was last asked for (by the schedule or by hand): a scheduled run starts each stack once. */
  requestedAt?: string;
  /** The last check's job: running while `checkedAt` is older than `requestedAt`. */
  jobId?: string;
  /** When the last check ended, and what it found; both absent before the first check ends. */
  checkedAt?: string;
  state?: DriftState;
  /** The last check's log. */
  logUrl?: string;
  /** The fingerprint of the drift last announced, until the stack is announced back in sync. */
  announcedFingerprint?: string;
  /** Whether the last failure was announced: a failing check speaks once, and again after a success. */
  announcedFailure?: boolean;
  /** A drift silenced for a while (Snooze): a different fingerprint speaks again. */
  snoozed?: { fingerprint: string; until: string };
  /** Where the drift message is, so its buttons can find the stack's state again. */
  message?: { channel: string; ts: string };
  /** The GitHub issue opened for the drift, while it is open. */
  issue?: number;
}

/**
 * A change to some fields of a stack's drift record: a field given is set (whole), a field given as `null` is
 * removed, the others are left as they are. Each writer names only the fields it changes, so that two writers
 * at the same moment (a snooze and the end of a check) never undo one another.
 */
export type DriftPatch = { [K in Exclude<keyof DriftStatus, 'stack'>]?: DriftStatus[K] | null };

/** The fields that differ between `before` and `after`, as a patch: what a writer that read `before` changed. */
export function driftPatchBetween(before: DriftStatus, after: DriftStatus): DriftPatch {
  const patch: Record<string, unknown> = {};
  const was = before as unknown as Record<string, unknown>;
  const now = after as unknown as Record<string, unknown>;
  for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (field === 'stack') continue;
    if (now[field] === undefined) {
      if (was[field] !== undefined) patch[field] = null;
    } else if (JSON.stringify(now[field]) !== JSON.stringify(was[field])) {
      patch[field] = now[field];
    }
  }
  return patch as DriftPatch;
}

/** A record with `patch` applied (see {@link DriftPatch}). */
export function patchedDriftStatus(status: DriftStatus, patch: DriftPatch): DriftStatus {
  const next: Record<string, unknown> = { ...status };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as DriftStatus;
}

/**
 * Whether a check is under way: asked for after the last one ended, less than `staleMs` ago (a check whose end
 * was never recorded stops counting once its job would have timed out).
 */
export function isCheckRunning(status: DriftStatus | undefined, now: Date, staleMs: number): boolean {
  if (status?.requestedAt === undefined || status.jobId === undefined) return false;
  if (status.checkedAt !== undefined && status.checkedAt >= status.requestedAt) return false;
  return now.getTime() - Date.parse(status.requestedAt) < staleMs;
}

/** Whether a scheduled run still waits to check the stack. */
export function isCheckDue(status: DriftStatus | undefined): boolean {
  return status?.dueAt !== undefined && (status.requestedAt ?? '') < status.dueAt;
}

/** Whether the drift with `fingerprint` is snoozed at `now`. */
export function isSnoozed(status: DriftStatus | undefined, fingerprint: string, now: Date): boolean {
  const snoozed = status?.snoozed;
  return snoozed !== undefined && snoozed.fingerprint === fingerprint && Date.parse(snoozed.until) > now.getTime();
}
