import type { Config } from '../config/schema';
import type { Lock } from '../locks/lock';
import { jobBlockingUnlock } from '../locks/unlock-rule';
import { mayUnlock } from '../policy/authorize';
import type { Clock, Directory, Store } from '../ports';
import { type Outcome, refuse } from './refusal';

export interface UnlockDeps {
  config: Config;
  store: Store;
  clock: Clock;
  directory: Directory;
}

/**
 * `/tf unlock <stack>` from Slack: removes the stack's lock for its holder or an admin, unless a job is still
 * queued or running under it (that job is named, to be cancelled instead). What is removed is exactly the lock
 * that was checked: a lock taken in between, by another job or for a new job of the same PR, stays.
 */
export async function unlockStack(stack: string, userId: string, deps: UnlockDeps): Promise<Outcome<{ lock: Lock }>> {
  const lock = await deps.store.getLock(stack, deps.clock.now());
  if (!lock) return refuse({ reason: 'not_locked', stack });
  const decision = await mayUnlock(lock, userId, deps.config, deps.directory);
  if (!decision.allowed) return refuse({ reason: 'not_authorized', why: decision.why });
  const activeJob = lock.activeJobId === undefined ? undefined : await deps.store.getJob(lock.activeJobId);
  const blocking = jobBlockingUnlock(lock, activeJob);
  if (blocking) return refuse({ reason: 'job_active', lock, job: blocking });
  if (!(await deps.store.releaseCheckedLock(lock))) return refuse({ reason: 'lock_changed', stack });
  return { ok: true, lock };
}
