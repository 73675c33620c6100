import type { Commits, RefLookup } from '../../core/ports';
import { RecentAnswers } from './recent-answers';
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

/** How long an answer of the remote about a branch is reused: long enough to share, too short to mislead. */
export const defaultReuseForMs = 2_000;

export interface GitCommitsOptions {
  /** The remote the clone follows; `origin` unless given. */
  remote?: string;
  /** How long an answer about a branch or tag is reused (concurrent requests always share one). */
  reuseForMs?: number;
  /** Milliseconds since the epoch; `Date.now` unless given. */
  now?: () => number;
}

const fullSha = /^[0-9a-f]{40,64}$/;
const shortSha = /^[0-9a-f]{4,39}$/;

/**
 * Resolves refs in a local clone of the Terraform repository. A branch or tag is asked of the clone's remote
 * (`git ls-remote`) every time, never taken from the last fetch, and its commit is fetched when the clone lacks
 * it; an unreachable remote is an answer of its own. A clone with no such remote is the repository itself.
 */
export class GitCommits implements Commits {
  private readonly remote: string;
  private readonly answers: RecentAnswers<RefLookup>;
  private fetches: Promise<unknown> = Promise.resolve();
  private hasRemote: Promise<boolean> | undefined;

  constructor(
    private readonly repoDir: string,
    options: GitCommitsOptions = {},
  ) {
    this.remote = options.remote ?? 'origin';
    this.answers = new RecentAnswers({
      reuseForMs: options.reuseForMs ?? defaultReuseForMs,
      now: options.now ?? Date.now,
      keep: (answer) => answer.status !== 'unreachable',
    });
  }

  /** The commit `ref` names now: a full sha as it is, a branch or tag (or short sha) as the remote says. */
  async resolve(ref: string): Promise<RefLookup> {
    if (!isSafeRef(ref)) return { status: 'missing' };
    if (fullSha.test(ref)) return this.commitOf(ref);
    return this.answers.get(ref, async () => ((await this.followsRemote()) ? this.askRemote(ref) : this.local(ref)));
  }

  /**
   * Whether a remote-tracking branch or a tag contains the commit (`git for-each-ref --contains`); when none
   * does, fetches (a branch may have been pushed since) and asks again. A commit fetched from a fork or a
   * pull request's ref is on no remote branch, so it is not.
   */
  async isOnBranchOrTag(sha: string): Promise<boolean> {
    if (!fullSha.test(sha)) return false;
    if (await this.containedByRef(sha)) return true;
    await this.fetch(['--tags', '--prune', this.remote]);
    return this.containedByRef(sha);
  }

  /** The remote's branch `ref`, else its tag `ref`, kept in the clone under the same names a fetch uses. */
  private async askRemote(ref: string): Promise<RefLookup> {
    const listed = await this.git(['ls-remote', this.remote, `refs/heads/${ref}`, `refs/tags/${ref}`]);
    if (listed.exitCode !== 0) return unreachable(this.remote, listed.stderr);
    const advertised = new Map(
      listed.stdout
        .split('\n')
        .map((line) => line.split('\t'))
        .map(([sha, name]) => [name ?? '', sha ?? ''] as const),
    );
    const branch = advertised.get(`refs/heads/${ref}`);
    if (branch) return this.track(`refs/heads/${ref}`, `refs/remotes/${this.remote}/${ref}`, branch);
    const tag = advertised.get(`refs/tags/${ref}`);
    if (tag) return this.track(`refs/tags/${ref}`, `refs/tags/${ref}`, tag);
    return shortSha.test(ref) ? this.commitOf(ref) : { status: 'missing' };
  }

  /** Points `localRef` where the remote's `remoteRef` is (fetching only when it is not there yet). */
  private async track(remoteRef: string, localRef: string, advertised: string): Promise<RefLookup> {
    const here = await this.git(['rev-parse', '--verify', '--quiet', localRef]);
    const current = here.exitCode === 0 && here.stdout.trim() === advertised;
    if (current && remoteRef.startsWith('refs/heads/')) return { status: 'found', sha: advertised };
    if (!current) {
      const fetched = await this.fetch(['--no-tags', this.remote, `+${remoteRef}:${localRef}`]);
      if (fetched.exitCode !== 0) return unreachable(this.remote, fetched.stderr);
    }
    const sha = await this.lookup(localRef, false);
    return sha === undefined ? { status: 'missing' } : { status: 'found', sha };
  }

  /** A commit by its sha or a prefix of it, fetched from the remote when the clone lacks it. */
  private async commitOf(sha: string): Promise<RefLookup> {
    const found = await this.lookup(sha, false);
    if (found !== undefined) return { status: 'found', sha: found };
    if (!(await this.followsRemote())) return { status: 'missing' };
    const fetched = await this.fetch(['--tags', this.remote]);
    if (fetched.exitCode !== 0) return unreachable(this.remote, fetched.stderr);
    const after = await this.lookup(sha, false);
    return after === undefined ? { status: 'missing' } : { status: 'found', sha: after };
  }

  /** In a clone that follows no remote, its own branches and tags are the repository's. */
  private async local(ref: string): Promise<RefLookup> {
    const found = await this.lookup(ref, true);
    return found === undefined ? { status: 'missing' } : { status: 'found', sha: found };
  }

  private followsRemote(): Promise<boolean> {
    this.hasRemote ??= this.git(['remote', 'get-url', this.remote]).then((result) => result.exitCode === 0);
    return this.hasRemote;
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

  /** The commit a name points at in the clone; with `anyName`, also a local branch. */
  private async lookup(name: string, anyName: boolean): Promise<string | undefined> {
    const candidates = anyName ? [`refs/heads/${name}`, `refs/tags/${name}`, name] : [name];
    for (const candidate of candidates) {
      const result = await this.git(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
      const sha = result.stdout.trim();
      if (result.exitCode === 0 && fullSha.test(sha)) return sha;
    }
    return undefined;
  }

  /** Fetches one at a time: concurrent fetches into one clone contend for the same lock files. */
  private fetch(args: readonly string[]) {
    const next = this.fetches.then(() => this.git(['fetch', '--quiet', ...args]));
    this.fetches = next.catch(() => undefined);
    return next;
  }

  private git(args: readonly string[]) {
    return capture('git', args, this.repoDir, { ...process.env, GIT_TERMINAL_PROMPT: '0' });
  }
}

function unreachable(remote: string, stderr: string): RefLookup {
  const said = stderr
    .split('\n')
    .map((line) => line.replace(/^fatal: /, '').trim())
    .find((line) => line !== '');
  return { status: 'unreachable', why: `git could not reach the remote "${remote}": ${said ?? 'no answer'}` };
}
