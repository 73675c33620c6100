import { describeOwner } from '../locks/lock';
import { formatDuration } from '../time/duration';
import type { Refusal } from '../usecases/refusal';

const short = (sha: string) => sha.slice(0, 8);

/** A refusal in words a user understands, with what to do next. Plain text, no markup. */
export function describeRefusal(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'unknown_stack':
      return refusal.suggestions.length > 0
        ? `unknown stack "${refusal.stack}". Did you mean ${refusal.suggestions.map((name) => `"${name}"`).join(', ')}?`
        : `unknown stack "${refusal.stack}". See the list with /tf stacks.`;
    case 'unknown_ref':
      return `"${refusal.ref}" is not a branch, tag or commit of the repository.`;
    case 'unknown_job':
      return `no job "${refusal.jobId}" was found.`;
    case 'not_authorized':
      return `not allowed: ${refusal.why}.`;
    case 'no_plan':
      return `there is no successful plan of ${refusal.stack} to apply. Run /tf plan ${refusal.stack} first.`;
    case 'plan_not_succeeded':
      return `plan ${refusal.plan.id} did not succeed (${refusal.plan.status}), so it cannot be applied.`;
    case 'plan_too_old':
      return `the latest plan of ${refusal.plan.stack} (${refusal.plan.id}) is older than ${formatDuration(refusal.maxAgeMs)}. Plan again before applying.`;
    case 'plan_stale':
      return `the latest plan of ${refusal.plan.stack} was made at ${short(refusal.plan.sha)}, but ${refusal.plan.ref ?? 'the branch'} is now at ${short(refusal.headSha)}. Plan again before applying.`;
    case 'plan_superseded':
      return `plan ${refusal.plan.id} is no longer the latest plan of ${refusal.plan.stack}: apply ${refusal.latest.id} instead.`;
    case 'no_changes':
      return `the latest plan of ${refusal.plan.stack} (${refusal.plan.id}) has no changes: there is nothing to apply.`;
    case 'already_applied':
      return `plan ${refusal.plan.id} is already being applied or was applied by job ${refusal.apply.id}.`;
    case 'requirements_unmet':
      return `PR #${refusal.pr} does not yet meet what ${refusal.stack} requires before an apply: ${refusal.unmet.join('; ')}.`;
    case 'lock_held':
      return `${refusal.lock.stack} is locked by ${describeOwner(refusal.lock.owner)} (${refusal.lock.heldBy}) since ${refusal.lock.acquiredAt}. Wait for it to finish, or ask them (or an admin) to /tf unlock ${refusal.lock.stack}.`;
    case 'not_locked':
      return `${refusal.stack} is not locked.`;
    case 'job_finished':
      return `job ${refusal.job.id} has already finished (${refusal.job.status}).`;
    case 'dispatch_failed':
      return `the job could not be started: ${refusal.why}.`;
    case 'duplicate':
      return 'this request was already received; it is being handled.';
  }
}
