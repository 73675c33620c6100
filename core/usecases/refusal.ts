import type { Job } from '../jobs/job';
import type { Lock } from '../locks/lock';

/**
 * An expected reason a request cannot go ahead. Use cases return these as values; renderers turn them
 * into words (see `describeRefusal`).
 */
export type Refusal =
  | { reason: 'unknown_stack'; stack: string; suggestions: readonly string[] }
  | { reason: 'unknown_ref'; ref: string }
  | { reason: 'unknown_job'; jobId: string }
  | { reason: 'not_authorized'; why: string }
  | { reason: 'no_plan'; stack: string }
  | { reason: 'plan_not_succeeded'; plan: Job }
  | { reason: 'plan_too_old'; plan: Job; maxAgeMs: number }
  | { reason: 'plan_stale'; plan: Job; headSha: string }
  | { reason: 'plan_superseded'; plan: Job; latest: Job }
  /** `/tf apply <stack>` from Slack when the latest plan is not the requester's; `applyButton`: its message has one. */
  | { reason: 'plan_by_someone_else'; plan: Job; ageMs: number; applyButton: boolean }
  | { reason: 'no_changes'; plan: Job }
  | { reason: 'already_applied'; plan: Job; apply: Job }
  | { reason: 'requirements_unmet'; pr: number; stack: string; unmet: readonly string[] }
  | { reason: 'lock_held'; lock: Lock }
  | { reason: 'not_locked'; stack: string }
  | { reason: 'job_finished'; job: Job }
  /** `/tf unlock` of a stack whose job is still queued or running. */
  | { reason: 'job_active'; stack: string; job: Job }
  /** The lock changed between reading it and removing it (released, or taken by another job). */
  | { reason: 'lock_changed'; stack: string }
  /** `/tf cancel` of an apply whose build runs: only an admin's confirmed stop interrupts it. */
  | { reason: 'apply_running'; job: Job }
  /** The bot is shutting down and starts no new job. */
  | { reason: 'shutting_down' }
  | { reason: 'dispatch_failed'; why: string }
  | { reason: 'duplicate' };

export type RefusalReason = Refusal['reason'];

/** A use case's result: the value it made, or why it refused. */
export type Outcome<T> = ({ ok: true } & T) | ({ ok: false } & Refusal);

export function refuse<R extends Refusal>(refusal: R): { ok: false } & R {
  return { ok: false, ...refusal };
}
