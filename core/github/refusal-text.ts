import { describeOwner, type Lock } from '../locks/lock';

/** Who holds a lock, in words: `PR #12 (alice)`, or with the job running under it. */
export function describeLock(lock: Lock): string {
  const running = lock.activeJobId ? `, job ${lock.activeJobId} is running` : '';
  return `${describeOwner(lock.owner)} (${lock.heldBy}${running})`;
}
