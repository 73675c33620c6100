import type { Config, StackConfig } from '../config/schema';
import type { Job } from '../jobs/job';
import type { Lock } from '../locks/lock';
import type { Directory } from '../ports';
import { isAmong } from './principals';

/** The outcome of a permission check: allowed, or refused with the reason shown to the user. */
export type Decision = { allowed: true } | { allowed: false; why: string };

const allow: Decision = { allowed: true };

/** Only the stack's `appliers` (user IDs or members of their user groups) may apply from Slack. */
export async function mayApplyFromSlack(stack: StackConfig, userId: string, directory: Directory): Promise<Decision> {
  if (await isAmong(userId, stack.appliers, directory)) return allow;
  const who = stack.appliers.length > 0 ? stack.appliers.join(', ') : 'nobody (no appliers are configured)';
  return { allowed: false, why: `only the appliers of ${stack.name} may apply it: ${who}` };
}

/**
 * A plan runs the code of the ref it plans under the stack's plan role, so only the stack's `planners` may plan
 * it from Slack; when it lists none, every full member of the workspace may, never a guest.
 */
export async function mayPlanFromSlack(stack: StackConfig, userId: string, directory: Directory): Promise<Decision> {
  if (stack.planners !== undefined) {
    if (await isAmong(userId, stack.planners, directory)) return allow;
    const who = stack.planners.length > 0 ? stack.planners.join(', ') : 'nobody (its planners list is empty)';
    return { allowed: false, why: `only the planners of ${stack.name} may plan it: ${who}` };
  }
  if (await directory.isFullMember(userId)) return allow;
  return {
    allowed: false,
    why: `guests of the workspace may not plan ${stack.name}; any full member of the workspace may, or name the guest in the stack's planners`,
  };
}

/**
 * Whether a successful plan's Slack message offers an Apply button: only a plan asked for in Slack by one of the
 * stack's appliers does. Whoever clicks it is checked again.
 */
export async function offersApplyButton(plan: Job, stack: StackConfig, directory: Directory): Promise<boolean> {
  if (plan.action !== 'plan' || plan.requestedBy.source !== 'slack') return false;
  return (await mayApplyFromSlack(stack, plan.requestedBy.id, directory)).allowed;
}

/** Admins may always act; otherwise the Slack user who caused the thing (never a GitHub login that looks alike). */
async function ownerOrAdmin(
  slackOwnerId: string | undefined,
  userId: string,
  config: Config,
  directory: Directory,
): Promise<boolean> {
  return slackOwnerId === userId || (await isAmong(userId, config.admins, directory));
}

/**
 * A lock held by a job asked for from Slack may be removed by whoever asked, or by an admin; a lock a PR holds
 * (taken by a GitHub login or a workflow) only by an admin, from Slack, or with `/tf unlock` on the PR.
 */
export async function mayUnlock(lock: Lock, userId: string, config: Config, directory: Directory): Promise<Decision> {
  const slackHolder = lock.owner.kind === 'job' ? lock.heldBy : undefined;
  if (await ownerOrAdmin(slackHolder, userId, config, directory)) return allow;
  if (lock.owner.kind === 'pr') {
    return {
      allowed: false,
      why: `the lock on ${lock.stack} belongs to PR #${lock.owner.pr} (${lock.heldBy}); only an admin may unlock it here, or comment /tf unlock on the PR`,
    };
  }
  return {
    allowed: false,
    why: `the lock on ${lock.stack} belongs to ${lock.heldBy}; only they or an admin may unlock it`,
  };
}

/** Only an admin may stop a running apply: stopping Terraform mid-apply can orphan resources and lock the state. */
export async function mayStopApply(userId: string, config: Config, directory: Directory): Promise<Decision> {
  if (await isAmong(userId, config.admins, directory)) return allow;
  return { allowed: false, why: 'only an admin may stop a running apply' };
}

/** A job may be cancelled by the Slack user who asked for it, or by an admin. */
export async function mayCancel(job: Job, userId: string, config: Config, directory: Directory): Promise<Decision> {
  const slackRequester = job.requestedBy.source === 'slack' ? job.requestedBy.id : undefined;
  if (await ownerOrAdmin(slackRequester, userId, config, directory)) return allow;
  return {
    allowed: false,
    why: `job ${job.id} was started by ${job.requestedBy.id}; only they or an admin may cancel it`,
  };
}
