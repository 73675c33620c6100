import type { Job, Requester } from '../jobs/job';
import { describeOwner, type Lock } from '../locks/lock';
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
    case 'schedule':
      return `the ${requester.id} schedule`;
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

/** Why only reviewed code is applied to a stack with requirements, and how to get there. */
function unreviewedPlan(plan: Job, requirements: readonly string[], defaultBranch: string): string {
  const at = plan.ref !== undefined ? `${plan.ref} (${short(plan.sha)})` : short(plan.sha);
  return (
    `${plan.stack} requires ${requirements.join(' and ')} before an apply, so only a plan of ${defaultBranch}'s ` +
    `current head (merged, reviewed code) or a plan made for a PR that meets them is applied. Plan ${plan.id} is of ${at}: ` +
    `open a PR for it and apply from the PR once it is ${requirements.includes('approved') ? 'approved' : 'ready'}, ` +
    `or merge it and plan ${defaultBranch}.`
  );
}

/** Who holds a stack, and what ends their hold: the job under the lock ending (or cancelled), or an unlock. */
function lockHeld(lock: Lock): string {
  const held = `${lock.stack} is locked by ${describeOwner(lock.owner)} (${lock.heldBy}) since ${lock.acquiredAt}.`;
  if (lock.activeJobId !== undefined) {
    return `${held} Job ${lock.activeJobId} runs under the lock: wait for it to finish, or ask its requester (or an admin) to /tf cancel ${lock.activeJobId}.`;
  }
  return `${held} Ask them (or an admin) to /tf unlock ${lock.stack}.`;
}

/** Why a lock with a live job stays, and how to end that job instead. */
function activeJob(lock: Lock, job: Job): string {
  const by = describeRequester(job.requestedBy);
  return (
    `${lock.stack} is locked by job ${job.id} (${job.action} requested by ${by}), which is still ${job.status}: ` +
    `removing its lock would let another job of ${lock.stack} run beside it. Wait for it to end, ` +
    `or stop it with /tf cancel ${job.id}; its end releases the lock.`
  );
}

/** `1 more approval`, `2 more approvals`. */
export function moreApprovals(count: number): string {
  return `${count} more approval${count === 1 ? '' : 's'}`;
}

/** Where the approvals of a flagged plan stand. */
function approvalsSoFar(plan: Job, needed: number, approvers: readonly Requester[]): string {
  const who = approvers.length > 0 ? ` Approved so far by ${approvers.map(describeRequester).join(', ')}.` : '';
  return `Plan ${plan.id} of ${plan.stack} has risk flags: it is applied once ${needed} appliers other than ${describeRequester(plan.requestedBy)} (who made it) approve, so it needs ${moreApprovals(needed - approvers.length)}.${who}`;
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
    case 'repository_unreachable':
      return (
        `the repository could not be asked where "${refusal.ref}" is now (${refusal.why}), so nothing was started: ` +
        'infrabot never plans or applies from an out-of-date copy. Try again once the repository can be reached.'
      );
    case 'unpublished_commit': {
      const what = refusal.ref === refusal.sha ? short(refusal.sha) : `"${refusal.ref}" (${short(refusal.sha)})`;
      return (
        `${what} is on no branch or tag of ${refusal.repository}: only code pushed to the repository is planned ` +
        'from Slack, never a commit that exists only in a fork or a pull request. Push it to a branch and plan ' +
        'that, or ask someone with write permission to review its PR and comment /tf plan there.'
      );
    }
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
    case 'applies_on_merge':
      return `${refusal.plan.stack} is applied when PR #${refusal.plan.pr} merges (applyOn: merge): the merge commit is planned then, and applied if it makes the same changes as plan ${refusal.plan.id}.`;
    case 'requirements_unmet':
      return `PR #${refusal.pr} does not yet meet what ${refusal.stack} requires before an apply: ${refusal.unmet.join('; ')}.`;
    case 'unreviewed_plan':
      return unreviewedPlan(refusal.plan, refusal.requirements, refusal.defaultBranch);
    case 'no_github_login':
      return (
        `${refusal.stack} requires approval by someone other than the person applying, and <@${refusal.userId}> ` +
        'has no GitHub login in the people list of infrabot.yaml, so their own approval cannot be told apart. ' +
        `Ask an admin to add "- slack: ${refusal.userId}" with "github: <your login>" under people, or apply from the PR.`
      );
    case 'needs_approvals':
      return `your approval is recorded. ${approvalsSoFar(refusal.plan, refusal.needed, refusal.approvers)}`;
    case 'already_approved':
      return `you have already approved plan ${refusal.plan.id}; another applier must approve it. ${approvalsSoFar(refusal.plan, refusal.needed, refusal.approvers)}`;
    case 'own_plan_approval':
      return `you made plan ${refusal.plan.id}, so your approval does not count. ${approvalsSoFar(refusal.plan, refusal.needed, refusal.approvers)}`;
    case 'lock_held':
      return lockHeld(refusal.lock);
    case 'not_locked':
      return `${refusal.stack} is not locked.`;
    case 'job_active':
      return activeJob(refusal.lock, refusal.job);
    case 'lock_changed':
      return `the lock of ${refusal.stack} changed while it was being removed (another job took it), so it stays. See /tf locks.`;
    case 'job_finished':
      return `job ${refusal.job.id} has already finished (${refusal.job.status}).`;
    case 'apply_running':
      return (
        `job ${refusal.job.id} is applying ${refusal.job.stack}, and /tf cancel does not stop an apply: stopping ` +
        'Terraform mid-apply can leave resources it created out of the state (orphaned) and the state locked. ' +
        'Let it finish if you can. If it must stop, an admin can click Stop apply: Terraform is interrupted, ' +
        'given time to finish what it is doing and write its state, and only then killed.'
      );
    case 'dispatch_failed':
      return `the job could not be started: ${refusal.why}.`;
    case 'duplicate':
      return 'this request was already received; it is being handled.';
    case 'drift_off':
      return 'drift checks are not enabled: add a drift section (channel, schedule) to infrabot.yaml.';
    case 'drift_excluded':
      return `${refusal.stack} is left out of drift checks (drift: false in infrabot.yaml).`;
    case 'drift_changed':
      return `the drift of ${refusal.stack} has changed since this message: see the newer one, or run /tf drift check ${refusal.stack}.`;
  }
}
