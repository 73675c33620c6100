import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { botGit } from './bot-git';

/** A failure to check out a job's commit, in words a user can act on. */
export class CheckoutError extends Error {
  override readonly name = 'CheckoutError';
  readonly code = 'checkout_failed';
}

const shaPattern = /^[0-9a-f]{7,64}$/;

/**
 * Checks out commits of one local clone into fresh `git worktree`s. Git commands on the clone run one at a
 * time (worktree bookkeeping and fetches share files under `.git`).
 */
export class Worktrees {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly repoDir: string) {}

  /** Adds a detached worktree at `path` for `sha`, fetching from the clone's remote only when it lacks the commit. */
  checkout(sha: string, path: string): Promise<void> {
    return this.serialized(async () => {
      if (!shaPattern.test(sha)) throw new CheckoutError(`"${sha}" is not a commit sha`);
      // Tried first: the commit was almost always just fetched, and asking whether it is there costs a git start.
      let added = await this.git(['worktree', 'add', '--detach', '--quiet', path, sha]);
      if (added.exitCode !== 0) {
        if (!(await this.hasCommit(sha))) await this.fetch(sha);
        // A worktree of a build that never finished (the bot was killed) may still be registered there.
        await this.git(['worktree', 'prune']);
        added = await this.git(['worktree', 'add', '--detach', '--quiet', path, sha]);
      }
      if (added.exitCode !== 0) {
        throw new CheckoutError(`checking out ${sha} into a worktree failed: ${firstLine(added.stderr)}`);
      }
    });
  }

  /**
   * Removes a worktree and its directory; a worktree already gone is fine (nothing is run for it: a registration
   * it may have left is pruned when its path is checked out again).
   */
  remove(path: string): Promise<void> {
    return this.serialized(async () => {
      if (!existsSync(path)) return;
      await this.git(['worktree', 'remove', '--force', path]);
      await rm(path, { recursive: true, force: true });
      await this.git(['worktree', 'prune']);
    });
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
    return botGit(this.repoDir, args);
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
