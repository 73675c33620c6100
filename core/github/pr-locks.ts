import type { Requester } from '../jobs/job';
import type { Lock, LockOwner } from '../locks/lock';
import { jobLockTtlMs } from '../locks/lock-lifetime';
import type { GitHubDeps } from './deps';
import type { StackResult } from './pr-reply';
import { describeLock } from './refusal-text';

async function audit(deps: GitHubDeps, actor: Requester, stack: string, released: boolean, pr: number) {
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor,
    action: 'tf.unlock',
    target: stack,
    outcome: released ? 'succeeded' : 'refused',
    detail: `lock of PR #${pr}`,
  });
}

/**
 * `/tf unlock`: releases the locks the PR holds on the given stacks. A lock held by someone else, or
 * under which the PR's own job is still running, stays; so does a lock taken meanwhile (the removal is
 * conditional on the lock that was checked).
 */
export async function unlockPrStacks(
  pr: number,
  stacks: readonly string[],
  requester: Requester,
  deps: GitHubDeps,
): Promise<StackResult[]> {
  const results: StackResult[] = [];
  for (const stack of stacks) {
    const lock = await deps.store.getLock(stack, deps.clock.now());
    let result: StackResult;
    if (!lock) result = { stack, ok: true, text: 'was not locked' };
    else if (lock.owner.kind !== 'pr' || lock.owner.pr !== pr) {
      result = { stack, ok: false, text: `is locked by ${describeLock(lock)}, not by this PR` };
    } else if (lock.activeJobId) {
      result = {
        stack,
        ok: false,
        text: `job ${lock.activeJobId} is still running under the lock: wait for it to end`,
      };
    } else {
      const released = await deps.store.releaseCheckedLock(lock);
      result = { stack, ok: released, text: released ? 'unlocked' : 'the lock changed hands meanwhile' };
    }
    if (lock) await audit(deps, requester, stack, result.ok, pr);
    results.push(result);
  }
  return results;
}

/**
 * Releases every lock the PR holds (it merged or closed) but those of `keep` (stacks applied after the merge,
 * which keep theirs until the apply ends); returns the stacks released. A job still running
 * under one keeps the stack for itself until it ends, so that no other job runs beside it.
 */
export async function releasePrLocks(
  pr: number,
  actor: Requester,
  deps: GitHubDeps,
  keep: readonly string[] = [],
): Promise<string[]> {
  const owner: LockOwner = { kind: 'pr', pr };
  const held = (await deps.store.listLocks(deps.clock.now())).filter(
    (lock) => lock.owner.kind === 'pr' && lock.owner.pr === pr && !keep.includes(lock.stack),
  );
  const released: string[] = [];
  for (const lock of held) {
    if (await deps.store.releaseLock(lock.stack, owner)) {
      if (lock.activeJobId !== undefined) await handToRunningJob(lock, lock.activeJobId, deps);
      released.push(lock.stack);
      await audit(deps, actor, lock.stack, true, pr);
    }
  }
  return released.sort();
}

/** Gives the stack's lock to the job running under it, as if it had been taken for that job alone. */
async function handToRunningJob(lock: Lock, jobId: string, deps: GitHubDeps): Promise<void> {
  const ttlMs = jobLockTtlMs(deps.config.jobs.timeout);
  await deps.store.acquireLock(
    { stack: lock.stack, owner: { kind: 'job', jobId }, jobId, heldBy: lock.heldBy, ttlMs },
    deps.clock.now(),
  );
}
