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
