import { execFile } from 'node:child_process';
import type { Commits, RefResolution } from '../../core/ports';
import { ReuseWindow } from './reuse-window';

/**
 * A branch, tag or commit name that is safe to hand to git: letters, digits and `._/-`, not starting with
 * `-` (no option injection), and none of git's forbidden forms (`..`, `//`, `@{`, a trailing `/`, `.` or `.lock`).
 */
const refPattern = /^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/;
const fullSha = /^[0-9a-f]{40}$/;

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

export interface GitCommitsOptions {
  /** The remote the clone follows (default `origin`). */
  remote?: string;
  /** How long one answer of the remote is shared by later requests for the same ref (default 2 s). */
  reuseMs?: number;
  /** How long the remote may take to answer (default 30 s). */
  timeoutMs?: number;
  /** A monotonic clock in milliseconds, for the reuse window (default `performance.now`). */
  now?: () => number;
}

interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Resolves refs in a local clone of the Terraform repository, asking its remote every time for branches and
 * tags (a clone's `origin/main` is only as new as its last fetch). Requests for one ref at the same moment
 * share one question, and an answer is reused for at most `reuseMs`. The commit is fetched when the clone
 * lacks it, so a build can check it out at once.
 */
export class GitCommits implements Commits {
  private readonly remote: string;
  private readonly timeoutMs: number;
  private readonly answers: ReuseWindow<RefResolution>;

  constructor(
    private readonly repoDir: string,
    options: GitCommitsOptions = {},
  ) {
    this.remote = options.remote ?? 'origin';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.answers = new ReuseWindow(
      options.reuseMs ?? 2_000,
      // A remote that could not be asked is asked again by the next request.
      (answer) => answer.ok || answer.reason === 'unknown_ref',
      options.now,
    );
  }

  /**
   * The commit of `ref` now: a full sha as it is (fetched when missing); otherwise the remote's branch
   * `refs/heads/<ref>`, then its tag `refs/tags/<ref>`; a ref the remote does not have (a short sha, a local
   * branch) is looked up in the clone. When the remote cannot be asked, says so rather than guess.
   */
  resolve(ref: string): Promise<RefResolution> {
    if (!isSafeRef(ref)) return Promise.resolve({ ok: false, reason: 'unknown_ref' });
    return this.answers.get(ref, () => (fullSha.test(ref) ? this.resolveSha(ref) : this.resolveName(ref)));
  }

  private async resolveSha(sha: string): Promise<RefResolution> {
    if (await this.hasCommit(sha)) return { ok: true, sha };
    await this.git(['fetch', '--quiet', '--no-tags', this.remote, sha]);
    if (await this.hasCommit(sha)) return { ok: true, sha };
    // The fetch failed: either the remote has no such commit, or it could not be asked at all.
    const reached = await this.git(['ls-remote', this.remote, 'HEAD']);
    return reached.exitCode === 0 ? { ok: false, reason: 'unknown_ref' } : this.unreachable(reached);
  }

  /**
   * A branch is fetched straight into `refs/remotes/<remote>/<ref>`: one question to the remote that also brings
   * the commit. Only when that fails is the remote asked what it has (a tag, nothing, or no answer at all).
   */
  private async resolveName(ref: string): Promise<RefResolution> {
    const tracking = `refs/remotes/${this.remote}/${ref}`;
    const fetched = await this.git(['fetch', '--quiet', '--no-tags', this.remote, `+refs/heads/${ref}:${tracking}`]);
    if (fetched.exitCode === 0) return this.lookupLocally(tracking);
    const tag = `refs/tags/${ref}`;
    const listed = await this.git(['ls-remote', this.remote, tag, `${tag}^{}`]);
    if (listed.exitCode !== 0) return this.unreachable(listed);
    const tags = new Map(
      listed.stdout
        .split('\n')
        .map((line) => line.split('\t'))
        .map(([sha = '', name = '']) => [name, sha] as const),
    );
    const sha = tags.get(`${tag}^{}`) ?? tags.get(tag);
    if (sha === undefined) return this.lookupLocally(ref);
    if (!(await this.hasCommit(sha))) {
      const tagFetched = await this.git(['fetch', '--quiet', '--no-tags', this.remote, `+${tag}:${tag}`]);
      if (!(await this.hasCommit(sha))) return this.unreachable(tagFetched);
    }
    return { ok: true, sha };
  }

  private async lookupLocally(ref: string): Promise<RefResolution> {
    const found = await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    const sha = found.stdout.trim();
    return found.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha)
      ? { ok: true, sha }
      : { ok: false, reason: 'unknown_ref' };
  }

  private async hasCommit(sha: string): Promise<boolean> {
    return (await this.git(['cat-file', '-e', `${sha}^{commit}`])).exitCode === 0;
  }

  private unreachable(result: GitResult): RefResolution {
    const said =
      result.stderr
        .trim()
        .split('\n')
        .find((line) => line.trim() !== '') ?? `git exited with ${result.exitCode}`;
    return { ok: false, reason: 'repository_unreachable', why: `the remote "${this.remote}" did not answer: ${said}` };
  }

  /** Runs git on the clone, never prompting; a remote that does not answer in time is an exit, not a hang. */
  private git(args: readonly string[]): Promise<GitResult> {
    const env = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_SSH_COMMAND: process.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    };
    return new Promise((resolve, reject) => {
      execFile('git', [...args], { cwd: this.repoDir, env, timeout: this.timeoutMs }, (error, stdout, stderr) => {
        if (error === null) return resolve({ exitCode: 0, stdout, stderr });
        if (typeof error.code === 'number') return resolve({ exitCode: error.code, stdout, stderr });
        if (error.killed)
          return resolve({ exitCode: -1, stdout, stderr: `no answer within ${this.timeoutMs / 1000} s` });
        reject(error);
      });
    });
  }
}
