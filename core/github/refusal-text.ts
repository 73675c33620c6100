import { describeOwner, type Lock } from '../locks/lock';
import { formatDuration } from '../time/duration';
import type { Refusal } from '../usecases/refusal';

/** Who holds a lock, in words: `PR #12 (alice)`, or the PR's running job. */
export function describeLock(lock: Lock): string {
  const running = lock.activeJobId ? `, job ${lock.activeJobId} is running` : '';
  return `${describeOwner(lock.owner)} (${lock.heldBy}${running})`;
}

/** A refusal in the words a PR reply uses. */
export function describeRefusalForPr(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'unknown_stack': {
      const hint = refusal.suggestions.length > 0 ? `; did you mean ${refusal.suggestions.map(code).join(', ')}?` : '';
      return `there is no stack ${code(refusal.stack)}${hint}`;
    }
    case 'unknown_ref':
      return `the commit ${code(refusal.ref)} was not found`;
    case 'unknown_job':
      return `there is no job ${code(refusal.jobId)}`;
    case 'not_authorized':
      return refusal.why;
    case 'no_plan':
      return `there is no successful plan of ${code(refusal.stack)} for this PR: comment \`/tf plan\` first`;
    case 'plan_not_succeeded':
      return `plan ${refusal.plan.id} did not succeed`;
    case 'plan_too_old':
      return `the plan ${refusal.plan.id} is older than ${formatDuration(refusal.maxAgeMs)}: comment \`/tf plan\` again`;
    case 'plan_stale':
      return `the plan was made at ${short(refusal.plan.sha)} but the head is now ${short(refusal.headSha)}`;
    case 'plan_superseded':
      return `a newer plan (${refusal.latest.id}) replaced plan ${refusal.plan.id}`;
    case 'no_changes':
      return 'the plan has no changes: there is nothing to apply';
    case 'already_applied':
      return `plan ${refusal.plan.id} is already applied by job ${refusal.apply.id}`;
    case 'lock_held':
      return `locked by ${describeLock(refusal.lock)}`;
    case 'not_locked':
      return `${code(refusal.stack)} is not locked`;
    case 'job_finished':
      return `job ${refusal.job.id} has already finished`;
    case 'dispatch_failed':
      return `the job could not be started: ${refusal.why}`;
    case 'duplicate':
      return 'this request was already handled';
  }
}

function code(text: string): string {
  return `\`${text}\``;
}

function short(sha: string): string {
  return sha.slice(0, 7);
}
