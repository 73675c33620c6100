import type { Requirement } from '../config/schema';
import type { Job, Requester } from '../jobs/job';
import type { Lock } from '../locks/lock';

/**
 * An expected reason a request cannot go ahead. Use cases return these as values; renderers turn them
 * into words (see `describeRefusal`).
 */
export type Refusal =
  | { reason: 'unknown_stack'; stack: string; suggestions: readonly string[] }
  | { reason: 'unknown_ref'; ref: string }
  /** The repository could not be asked where the ref is now, and an older answer is never used instead. */
  | { reason: 'repository_unreachable'; ref: string; why: string }
  /** The commit is on no branch or tag of the repository (only in a fork or a pull request's refs). */
  | { reason: 'unpublished_commit'; ref: string; sha: string; repository: string }
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
  /** A PR's plan of a stack with `applyOn: merge`: it is applied when the PR merges, not on request. */
  | { reason: 'applies_on_merge'; plan: Job & { pr: number } }
  | { reason: 'requirements_unmet'; pr: number; stack: string; unmet: readonly string[] }
  /** A stack with requirements, and a plan neither of the default branch's head nor of a PR. */
  | { reason: 'unreviewed_plan'; plan: Job; requirements: readonly Requirement[]; defaultBranch: string }
  /** `approved` cannot be checked: the Slack user applying has no GitHub login in `people`. */
  | { reason: 'no_github_login'; stack: string; userId: string }
  /** A plan with risk flags: this approval is recorded, and `needed` approvers are needed in all. */
  | { reason: 'needs_approvals'; plan: Job; needed: number; approvers: readonly Requester[] }
  /** A plan with risk flags that this person has approved already. */
  | { reason: 'already_approved'; plan: Job; needed: number; approvers: readonly Requester[] }
  /** A plan with risk flags approved by whoever made it, which does not count. */
  | { reason: 'own_plan_approval'; plan: Job; needed: number; approvers: readonly Requester[] }
  | { reason: 'lock_held'; lock: Lock }
  | { reason: 'not_locked'; stack: string }
  /** An unlock of a stack whose lock has a job still queued or running under it. */
  | { reason: 'job_active'; lock: Lock; job: Job }
  /** An unlock that found another lock in place of the one it checked (taken meanwhile): nothing was removed. */
  | { reason: 'lock_changed'; stack: string }
  | { reason: 'job_finished'; job: Job }
  /** `/tf cancel` of an apply whose build runs: only an admin's confirmed stop ends it. */
  | { reason: 'apply_running'; job: Job }
  | { reason: 'dispatch_failed'; why: string }
  /** `/tf drift` when infrabot.yaml has no `drift` section. */
  | { reason: 'drift_off' }
  /** A drift check of a stack with `drift: false`. */
  | { reason: 'drift_excluded'; stack: string }
  /** A drift button whose drift is no longer the stack's (a newer check found something else). */
  | { reason: 'drift_changed'; stack: string }
  | { reason: 'duplicate' };

export type RefusalReason = Refusal['reason'];

/** A use case's result: the value it made, or why it refused. */
export type Outcome<T> = ({ ok: true } & T) | ({ ok: false } & Refusal);

export function refuse<R extends Refusal>(refusal: R): { ok: false } & R {
  return { ok: false, ...refusal };
}
