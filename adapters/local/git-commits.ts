import { resolve as resolvePath } from 'node:path';
import type { Commits, RefLookup } from '../../core/ports';
import { botGit } from './bot-git';
import { RecentAnswers } from './recent-answers';
import { readRefFile } from './ref-files';

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
/** What git says when the remote has no such ref (as opposed to not answering at all). */
const missingRemoteRef = /couldn't find remote ref/;
/** How many fetches pass between two runs of git's automatic maintenance. */
const fetchesPerMaintenance = 50;

/**
 * Resolves refs in a local clone of the Terraform repository. A branch or tag is fetched from the clone's remote
 * every time (one ref, one round trip), never taken from the last fetch; an unreachable remote is an answer of
 * its own. A clone with no such remote is the repository itself.
 */
export class GitCommits implements Commits {
  private readonly remote: string;
  private readonly answers: RecentAnswers<RefLookup>;
  private fetches: Promise<unknown> = Promise.resolve();
  private hasRemote: Promise<boolean> | undefined;
  /** The clone's git directory (shared by its worktrees), asked of git once. */
  private gitDir: Promise<string | undefined> | undefined;
  /** Commits the remote named as the head of a branch or tag, latest last (so pushed by someone who may). */
  private readonly published = new RecentSet(100);
  private fetchesSinceMaintenance = 0;

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
   * Whether the commit is the head of a branch or tag just fetched, or a remote-tracking branch or a tag
   * contains it (`git for-each-ref --contains`); when none does, fetches (a branch may have been pushed since) and asks again. A commit fetched from a fork or a
   * pull request's ref is on no remote branch, so it is not.
   */
  async isOnBranchOrTag(sha: string): Promise<boolean> {
    if (!fullSha.test(sha)) return false;
    if (this.published.has(sha) || (await this.containedByRef(sha))) return true;
    await this.fetch(['--tags', '--prune', this.remote]);
    return this.containedByRef(sha);
  }

  /**
   * The remote's branch `ref`, else its tag `ref`, each fetched into the clone under the name a fetch uses: one
   * round trip to the remote per name, which both asks where it is and brings its commit.
   */
  private async askRemote(ref: string): Promise<RefLookup> {
    const branch = await this.fetchRef(`refs/heads/${ref}`, `refs/remotes/${this.remote}/${ref}`);
    if (branch.status !== 'missing') return branch;
    const tag = await this.fetchRef(`refs/tags/${ref}`, `refs/tags/${ref}`);
    if (tag.status !== 'missing') return tag;
    return shortSha.test(ref) ? this.commitOf(ref) : { status: 'missing' };
  }

  /** Fetches one ref of the remote into `localRef`; the commit it points at is then known to be published. */
  private async fetchRef(remoteRef: string, localRef: string): Promise<RefLookup> {
    const fetched = await this.fetch(['--no-tags', this.remote, `+${remoteRef}:${localRef}`]);
    if (fetched.exitCode !== 0) {
      return missingRemoteRef.test(fetched.stderr) ? { status: 'missing' } : unreachable(this.remote, fetched.stderr);
    }
    const sha = (await this.readBranch(localRef)) ?? (await this.lookup(localRef, false));
    if (sha === undefined) return { status: 'missing' };
    this.published.add(sha);
    return { status: 'found', sha };
  }

  /**
   * The commit a remote-tracking branch names, read from git's files (a fetch's answer without starting another
   * git); a tag is left to `lookup`, which peels an annotated tag to its commit.
   */
  private async readBranch(localRef: string): Promise<string | undefined> {
    if (!localRef.startsWith('refs/remotes/')) return undefined;
    this.gitDir ??= this.git(['rev-parse', '--git-common-dir']).then((result) =>
      result.exitCode === 0 ? resolvePath(this.repoDir, result.stdout.trim()) : undefined,
    );
    const gitDir = await this.gitDir;
    return gitDir === undefined ? undefined : readRefFile(gitDir, localRef);
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

  /**
   * Fetches one at a time: concurrent fetches into one clone contend for the same lock files. Git's automatic
   * maintenance would run inside each fetch, while someone waits for a plan; it runs beside every 50th instead.
   */
  private fetch(args: readonly string[]) {
    const next = this.fetches.then(() =>
      this.git(['fetch', '--quiet', '--no-write-fetch-head', '--no-auto-maintenance', ...args]),
    );
    this.fetches = next.catch(() => undefined);
    if (++this.fetchesSinceMaintenance >= fetchesPerMaintenance) {
      this.fetchesSinceMaintenance = 0;
      void next.then(() => this.git(['maintenance', 'run', '--auto', '--quiet'])).catch(() => undefined);
    }
    return next;
  }

  private git(args: readonly string[]) {
    // LC_ALL=C: a missing remote ref is told from an unreachable remote by git's (English) message.
    return botGit(this.repoDir, args, { LC_ALL: 'C' });
  }
}

/** A set that keeps only its `capacity` latest members. */
class RecentSet {
  private readonly members = new Set<string>();
  constructor(private readonly capacity: number) {}
  add(member: string): void {
    this.members.delete(member);
    this.members.add(member);
    const oldest = this.members.values().next().value;
    if (this.members.size > this.capacity && oldest !== undefined) this.members.delete(oldest);
  }
  has(member: string): boolean {
    return this.members.has(member);
  }
}

function unreachable(remote: string, stderr: string): RefLookup {
  const said = stderr
    .split('\n')
    .map((line) => line.replace(/^fatal: /, '').trim())
    .find((line) => line !== '');
  return { status: 'unreachable', why: `git could not reach the remote "${remote}": ${said ?? 'no answer'}` };
}
