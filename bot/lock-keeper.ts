import { type KeepLocksDeps, keepJobLocks } from '../core/usecases/keep-job-locks';

/** How often `infrabot serve` renews the locks of its live jobs: well within the 10-minute margin of a lock. */
export const lockKeeperIntervalMs = 60_000;

/**
 * The heartbeat of `infrabot serve`'s jobs: every `intervalMs`, the locks of running jobs whose build the runner
 * still has queued or running are extended (`keepJobLocks`), so a build waiting behind others, or in CodeBuild's
 * queue, keeps its stack. A round still going when the next is due is not doubled; a failed round is reported
 * and the next one tries again. Returns how to stop it (it waits for a round under way).
 */
export function startLockKeeper(
  deps: KeepLocksDeps,
  onError: (activity: string, error: unknown) => void,
  intervalMs = lockKeeperIntervalMs,
): () => Promise<void> {
  let round: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    round ??= keepJobLocks(deps)
      .catch((error: unknown) => onError('extending the locks of running jobs', error))
      .finally(() => {
        round = undefined;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}
