import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Runs git in a directory with a fixed identity; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
}

/** A temporary directory that the test removes itself (or leaves to the OS). */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `infrabot-test-${prefix}-`));
}

/** Writes files (path → content) into a repository and commits them; returns the new commit's sha. */
export function commitFiles(repo: string, files: Record<string, string>, message = 'change'): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** An "upstream" repository and a clone of it, as the bot's INFRABOT_REPO_DIR would be. */
export interface TestRepos {
  upstream: string;
  clone: string;
  /** The first commit, present in both. */
  firstSha: string;
}

/** Creates an upstream repository with `files` committed on `main`, and a clone of it. */
export function createRepos(files: Record<string, string>): TestRepos {
  const upstream = tempDir('upstream');
  git(upstream, 'init', '--quiet', '--initial-branch=main');
  const firstSha = commitFiles(upstream, files, 'first');
  const clone = tempDir('clone');
  git(clone, 'clone', '--quiet', upstream, '.');
  return { upstream, clone, firstSha };
}

/**
 * A commit as a fork PR brings it: in the upstream only under `refs/pull/<pr>/head`, on no branch or tag, and
 * fetched into the clone (as the local runner fetches a PR's head). Returns its sha.
 */
export function forkCommit(repos: TestRepos, files: Record<string, string>, pr = 7): string {
  git(repos.upstream, 'checkout', '--quiet', '--detach');
  const sha = commitFiles(repos.upstream, files, 'from a fork');
  git(repos.upstream, 'update-ref', `refs/pull/${pr}/head`, sha);
  git(repos.upstream, 'checkout', '--quiet', 'main');
  git(repos.clone, 'fetch', '--quiet', 'origin', `refs/pull/${pr}/head`);
  return sha;
}
