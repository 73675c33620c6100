import type { Commits } from '../../core/ports';
import { capture } from './run-process';

/**
 * A branch, tag or commit name that is safe to hand to git: letters, digits and `._/-`, not starting with
 * `-` (no option injection), and none of git's forbidden forms (`..`, `//`, `@{`, a trailing `/`, `.` or `.lock`).
 */
const refPattern = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/;

/** Whether a ref may be passed to git. */
export function isSafeRef(ref: string): boolean {
  return (
    refPattern.test(ref) &&
    !ref.includes('..') &&
    !ref.includes('//') &&
    !ref.includes('/.') &&
    !ref.endsWith('/') &&
    !ref.endsWith('.') &&
    !ref.endsWith('.lock')
  );
}

/** Resolves refs in a local clone of the Terraform repository, fetching from its remote when one is unknown. */
export class GitCommits implements Commits {
  constructor(
    private readonly repoDir: string,
    private readonly remote = 'origin',
  ) {}

  /**
   * The commit of `ref`: the remote-tracking branch `origin/<ref>` first (a bot's clone never moves its local
   * branches), then `<ref>` itself (a tag, a sha, a local branch). When neither exists, fetches and tries again.
   * Undefined for refs that do not exist or are not valid ref names.
   */
  async resolve(ref: string): Promise<string | undefined> {
    if (!isSafeRef(ref)) return undefined;
    const found = await this.lookup(ref);
    if (found !== undefined) return found;
    await this.git(['fetch', '--quiet', '--tags', this.remote]);
    return this.lookup(ref);
  }

  /**
   * Whether a remote-tracking branch or a tag contains the commit (`git for-each-ref --contains`); when none
   * does, fetches (a branch may have been pushed since) and asks again. A commit fetched from a fork or a
   * pull request's ref is on no remote branch, so it is not.
   */
  async isOnBranchOrTag(sha: string): Promise<boolean> {
    if (!/^[0-9a-f]{40,64}$/.test(sha)) return false;
    if (await this.containedByRef(sha)) return true;
    await this.git(['fetch', '--quiet', '--tags', '--prune', this.remote]);
    return this.containedByRef(sha);
  }

  private async containedByRef(sha: string): Promise<boolean> {
    const result = await this.git([
      'for-each-ref',
      '--count=1',
      '--format=%(refname)',
      `--contains=${sha}`,
      `refs/remotes/${this.remote}/`,
      'refs/tags/',
    ]);
    return result.exitCode === 0 && result.stdout.trim() !== '';
  }

  private async lookup(ref: string): Promise<string | undefined> {
    const candidates = /^[0-9a-f]{40}$/.test(ref) ? [ref] : [`${this.remote}/${ref}`, ref];
    for (const candidate of candidates) {
      const result = await this.git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
      const sha = result.stdout.trim();
      if (result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
    return undefined;
  }

  private git(args: readonly string[]) {
    return capture('git', args, this.repoDir, { ...process.env, GIT_TERMINAL_PROMPT: '0' });
  }
}
