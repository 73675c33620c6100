import type { DriftState, DriftStatus } from './drift-status';
import { isSnoozed } from './drift-status';

/**
 * What the drift channel hears after a check: news only. New or changed drift is announced, the same drift seen
 * again is not, a stack back in sync is announced once, and a failing check once until it succeeds again.
 */
export type DriftNews =
  | { kind: 'drift'; state: Extract<DriftState, { kind: 'drifted' }> }
  | { kind: 'in_sync' }
  | { kind: 'failed'; reason: string }
  | { kind: 'none' };

/** The news a check's `state` makes, given the stack's status before it. */
export function driftNews(previous: DriftStatus | undefined, state: DriftState, now: Date): DriftNews {
  switch (state.kind) {
    case 'drifted':
      if (previous?.announcedFingerprint === state.fingerprint) return { kind: 'none' };
      if (isSnoozed(previous, state.fingerprint, now)) return { kind: 'none' };
      return { kind: 'drift', state };
    case 'in_sync':
      return previous?.announcedFingerprint !== undefined ? { kind: 'in_sync' } : { kind: 'none' };
    case 'failed':
      return previous?.announcedFailure === true ? { kind: 'none' } : { kind: 'failed', reason: state.reason };
    case 'skipped':
      return { kind: 'none' };
  }
}

/** The stack's status after a check that found `state` and made `news` (announced or not). */
export function statusAfterCheck(
  previous: DriftStatus,
  state: DriftState,
  news: DriftNews,
  checkedAt: string,
  logUrl: string | undefined,
): DriftStatus {
  const { announcedFingerprint, announcedFailure, logUrl: _oldLog, ...rest } = previous;
  const next: DriftStatus = { ...rest, checkedAt, state, ...(logUrl !== undefined ? { logUrl } : {}) };
  const fingerprint = news.kind === 'drift' ? news.state.fingerprint : announcedFingerprint;
  if (state.kind !== 'in_sync' && fingerprint !== undefined) next.announcedFingerprint = fingerprint;
  if (state.kind === 'failed' || state.kind === 'skipped') {
    if (announcedFailure === true || news.kind === 'failed') next.announcedFailure = true;
  }
  return next;
}
