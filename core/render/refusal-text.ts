import type { Job, Requester } from '../jobs/job';
import { describeOwner } from '../locks/lock';
import { formatDuration } from '../time/duration';
import type { Refusal } from '../usecases/refusal';

const short = (sha: string) => sha.slice(0, 8);

/** A Slack user as a mention (`<@U…>`, which Slack shows as their name); a GitHub login or workflow as such. */
function describeRequester(requester: Requester): string {
  switch (requester.source) {
    case 'slack':
      return `<@${requester.id}>`;
    case 'github':
      return `${requester.id} on GitHub`;
    case 'actions':
      return `the GitHub Actions workflow ${requester.id}`;
  }
}

/** `2026-11-01 11:05 UTC`. */
function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Who made a plan, when, and at which commit, then how to apply it on purpose. */
function someoneElsesPlan(plan: Job, ageMs: number, applyButton: boolean): string {
  const at = plan.ref !== undefined ? `${plan.ref} (${short(plan.sha)})` : short(plan.sha);
  const pr = plan.pr !== undefined ? ` for PR #${plan.pr}` : '';
  const ago = ageMs < 60_000 ? 'just now' : `${formatDuration(ageMs)} ago`;
  const when = `${ago} (${utcMinute(plan.finishedAt ?? plan.createdAt)})`;
  const command = `/tf apply ${plan.stack} ${plan.id}`;
  const how = applyButton ? `click Apply on that plan's message, or run ${command}` : `run ${command}`;
  return (
    `the latest plan of ${plan.stack} is not yours: ${describeRequester(plan.requestedBy)} made it ${when} ` +
    `at ${at}${pr}, job ${plan.id}. /tf apply ${plan.stack} only applies your own latest plan. ` +
    `To apply this one, review it, then ${how}.`
  );
}

/**
 * A refusal in words a user understands, with what to do next. Plain text, no markup, except that a Slack user
 * is named as a mention (`<@U…>`).
 */
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
    case 'plan_by_someone_else':
      return someoneElsesPlan(refusal.plan, refusal.ageMs, refusal.applyButton);
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
    case 'job_active':
      return (
        `${refusal.stack} cannot be unlocked while job ${refusal.job.id} (${refusal.job.action} by ` +
        `${describeRequester(refusal.job.requestedBy)}) is ${refusal.job.status}: another job would run beside it. ` +
        `Wait for it to end, or stop it with /tf cancel ${refusal.job.id}.`
      );
    case 'lock_changed':
      return `the lock of ${refusal.stack} changed while it was being removed, so it was left alone. Look again with /tf locks.`;
    case 'apply_running':
      return (
        `job ${refusal.job.id} is applying ${refusal.job.stack}, and /tf cancel does not stop a running apply: ` +
        'stopping terraform in the middle can leave resources it created outside the state and the state locked. ' +
        'Wait for it to end; an admin can stop it with Stop apply (terraform is interrupted and given time to save its state).'
      );
    case 'shutting_down':
      return 'infrabot is shutting down and starts no new jobs right now. Try again in a minute.';
    case 'dispatch_failed':
      return `the job could not be started: ${refusal.why}.`;
    case 'duplicate':
      return 'this request was already received; it is being handled.';
  }
}
