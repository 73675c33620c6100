import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { capture } from './run-process';

/** A failure to check out a job's commit, in words a user can act on. */
export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  readonly code = 'checkout_failed';
}

const shaPattern = /^[0-9a-f]{7,64}$/;

/**
 * Checks out commits of one local clone into `git worktree`s, one per stack, reused from build to build. Git
 * commands on the clone run one at a time (worktree bookkeeping and fetches share files under `.git`).
 */
export class Worktrees {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly repoDir: string) {}

  /**
   * Puts a detached worktree at `path` on `sha`, fetching from the clone's remote only when it lacks the commit.
   * A worktree already at `path` (the previous build of the stack) is reused: forced to the commit and cleaned
   * of every file git does not track (`.terraform`, plans, whatever the last build's code wrote), so a build
   * sees exactly the commit, as in a fresh worktree, and nothing the code of another ref left behind.
   */
  checkout(sha: string, path: string): Promise<void> {
    return this.serialized(async () => {
      if (!shaPattern.test(sha)) throw new CheckoutError(`"${sha}" is not a commit sha`);
      // The commit is almost always there (resolving its ref fetched it): try first, fetch only when that fails.
      const reusable = existsSync(join(path, '.git'));
      if (reusable && (await this.reset(sha, path))) return;
      if (!(await this.hasCommit(sha))) await this.fetch(sha);
      if (reusable && (await this.reset(sha, path))) return;
      await this.removeNow(path);
      const added = await this.git(['worktree', 'add', '--detach', '--quiet', path, sha]);
      if (added.exitCode !== 0) {
        throw new CheckoutError(`checking out ${sha} into a worktree failed: ${firstLine(added.stderr)}`);
      }
    });
  }

  /** Moves an existing worktree to `sha` and removes untracked and ignored files; false when that fails. */
  private async reset(sha: string, path: string): Promise<boolean> {
    const inWorktree = (args: readonly string[]) =>
      capture('git', args, path, { ...process.env, GIT_TERMINAL_PROMPT: '0' });
    const moved = await inWorktree(['checkout', '--quiet', '--detach', '--force', sha]);
    if (moved.exitCode !== 0) return false;
    return (await inWorktree(['clean', '-ffdxq'])).exitCode === 0;
  }

  /** Removes a worktree and its directory; a worktree already gone is fine. */
  remove(path: string): Promise<void> {
    return this.serialized(() => this.removeNow(path));
  }

  private async removeNow(path: string): Promise<void> {
    if (existsSync(path)) await this.git(['worktree', 'remove', '--force', path]);
    await rm(path, { recursive: true, force: true });
    await this.git(['worktree', 'prune']);
  }

  private async hasCommit(sha: string): Promise<boolean> {
    return (await this.git(['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
  }

  private async fetch(sha: string): Promise<void> {
    const remotes = (await this.git(['remote'])).stdout.split('\n').filter((name) => name !== '');
    const remote = remotes.includes('origin') ? 'origin' : remotes[0];
    if (remote === undefined) {
      throw new CheckoutError(`commit ${sha} is not in the repository and it has no remote to fetch from`);
    }
    await this.git(['fetch', '--quiet', '--tags', remote]);
    if (await this.hasCommit(sha)) return;
    await this.git(['fetch', '--quiet', remote, sha]);
    if (!(await this.hasCommit(sha))) {
      throw new CheckoutError(`commit ${sha} was not found in the repository or its remote "${remote}"`);
    }
  }

  private git(args: readonly string[]) {
    return capture('git', args, this.repoDir, { ...process.env, GIT_TERMINAL_PROMPT: '0' });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] ?? '';
}
