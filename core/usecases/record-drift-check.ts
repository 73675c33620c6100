import { driftNews, statusAfterCheck } from '../drift/drift-news';
import { driftReportOf, ignoreTest, isInSync } from '../drift/drift-report';
import { type DriftState, driftPatchBetween } from '../drift/drift-status';
import type { Job } from '../jobs/job';
import type { Chat } from '../ports';
import { renderDriftNews } from '../render/slack/drift-message';
import type { RequestDeps } from './deps';
import type { DriftIssues } from './drift-issues';
import { driftSchedule, startDueDriftChecks } from './start-drift-checks';

/** What recording a drift check's end needs: the request deps (to start the next checks) and where news goes. */
export interface DriftDeps extends RequestDeps {
  chat: Chat;
  /** GitHub issues for drifted stacks, when `drift.github.issues` is on and GitHub is connected. */
  issues?: DriftIssues;
}

/** What a finished drift check found. */
export function driftStateOf(job: Job, ignore: readonly string[]): DriftState {
  if (job.status === 'cancelled') {
    return { kind: 'skipped', reason: job.reason ?? 'the check was cancelled' };
  }
  if (job.status !== 'succeeded') return { kind: 'failed', reason: job.reason ?? 'the check failed' };
  if (!job.summary) return { kind: 'failed', reason: 'the check left no plan' };
  const report = driftReportOf(job.summary, ignoreTest(ignore));
  if (isInSync(report)) return { kind: 'in_sync' };
  return { kind: 'drifted', fingerprint: report.fingerprint, outside: report.outside, pending: report.pending };
}

/**
 * Records the end of a drift check: the stack's new state, and news for the drift channel only when there is
 * some (see `driftNews`); then starts the checks the run still waits for. The end of a check that a newer one
 * replaced is ignored. Only the fields the end changes are written (see `DriftPatch`).
 */
export async function recordDriftCheck(job: Job, deps: DriftDeps): Promise<void> {
  const drift = deps.config.drift;
  if (job.kind !== 'drift' || !drift) return;
  const previous = (await deps.store.getDriftStatus(job.stack)) ?? { stack: job.stack };
  if (previous.jobId !== undefined && previous.jobId !== job.id) return;
  const now = deps.clock.now();
  const state = driftStateOf(job, drift.ignore);
  const news = driftNews(previous, state, now);
  let next = statusAfterCheck(previous, state, news, now.toISOString(), job.build?.logUrl);
  if (news.kind !== 'none') {
    const input = {
      stack: job.stack,
      jobId: job.id,
      applicable: job.summary?.hasChanges === true,
      ...(job.build?.logUrl ? { logUrl: job.build.logUrl } : {}),
    };
    const posted = await deps.chat.post(drift.channel, renderDriftNews(news, input));
    if (news.kind === 'drift') next = { ...next, message: { channel: drift.channel, ts: posted.ts } };
  }
  if (deps.issues && drift.github.issues) next = await deps.issues.sync(next, news);
  // Only what the end changed, and only while this check is still the stack's: a snooze meanwhile is kept.
  await deps.store.updateDriftStatus(job.stack, driftPatchBetween(previous, next), previous.jobId);
  await startDueDriftChecks(driftSchedule, deps);
}
