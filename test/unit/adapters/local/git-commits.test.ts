import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultReuseForMs, GitCommits, isSafeRef } from '../../../../adapters/local/git-commits';
import { commitFiles, createRepos, forkCommit, git } from '../../../support/git-repo';

const found = (sha: string) => ({ status: 'found', sha });

describe('GitCommits', () => {
  it('resolves a branch, a lightweight or annotated tag and a full or short commit of the repository', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.upstream, 'tag', 'v1.0.0');
    git(repos.upstream, 'tag', '-a', 'v1.1.0', '-m', 'release');
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await Promise.all(
      ['main', 'v1.0.0', 'v1.1.0', repos.firstSha, repos.firstSha.slice(0, 8)].map((ref) => commits.resolve(ref)),
    );

    // Assess
    expect(resolved).toEqual(Array(5).fill(found(repos.firstSha)));
  });

  it('resolves a branch to where the remote has it now, though the clone fetched it before a push', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const clock = { now: 0 };
    const commits = new GitCommits(repos.clone, { now: () => clock.now });
    await commits.resolve('main');
    const pushedSha = commitFiles(repos.upstream, { 'b.txt': 'b' });
    clock.now += defaultReuseForMs;

    // Act
    const resolved = await commits.resolve('main');

    // Assess
    expect(resolved).toEqual(found(pushedSha));
    expect(git(repos.clone, 'rev-parse', 'origin/main')).toBe(pushedSha);
  });

  it('reuses an answer for a moment only, and asks once for requests made together', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const clock = { now: 0 };
    const commits = new GitCommits(repos.clone, { now: () => clock.now });

    // Act
    const together = await Promise.all([commits.resolve('main'), commits.resolve('main')]);
    const pushedSha = commitFiles(repos.upstream, { 'b.txt': 'b' });
    clock.now += defaultReuseForMs - 1;
    const withinTheMoment = await commits.resolve('main');
    clock.now += 1;
    const after = await commits.resolve('main');

    // Assess
    expect(together[0]).toBe(together[1]);
    expect(withinTheMoment).toEqual(found(repos.firstSha));
    expect(after).toEqual(found(pushedSha));
  });

  it('answers that the remote cannot be reached, never the commit of the last fetch', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.clone, 'remote', 'set-url', 'origin', join(repos.upstream, 'gone'));
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await commits.resolve('main');

    // Assess
    expect(resolved).toMatchObject({ status: 'unreachable', why: expect.stringContaining('"origin"') });
  });

  it('does not resolve a branch deleted from the remote, though the clone still tracks it', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.upstream, 'branch', 'old-feature');
    git(repos.clone, 'fetch', '--quiet', 'origin');
    git(repos.upstream, 'branch', '-D', 'old-feature');

    // Act
    const resolved = await new GitCommits(repos.clone).resolve('old-feature');

    // Assess
    expect(resolved).toEqual({ status: 'missing' });
  });

  it('takes the branches of a repository that follows no remote as they are', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });

    // Act
    const resolved = await new GitCommits(repos.upstream).resolve('main');

    // Assess
    expect(resolved).toEqual(found(repos.firstSha));
  });

  it('fetches a branch that exists only on the remote', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/new-vpc');
    const featureSha = commitFiles(repos.upstream, { 'b.txt': 'b' });
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await commits.resolve('feature/new-vpc');

    // Assess
    expect(resolved).toEqual(found(featureSha));
  });

  it('returns undefined for a ref that exists nowhere', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });

    // Act
    const resolved = await new GitCommits(repos.clone).resolve('no-such-branch');

    // Assess
    expect(resolved).toEqual({ status: 'missing' });
  });

  it('never hands an option or a malformed ref to git', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await Promise.all(
      ['--output=/tmp/x', '-h', 'main..other', 'HEAD@{1}', 'a b', 'x/', 'x.lock', ''].map((ref) =>
        commits.resolve(ref),
      ),
    );

    // Assess
    expect(resolved.every((answer) => answer.status === 'missing')).toBe(true);
  });

  it('accepts ordinary branch and tag names as safe', () => {
    // Act + Assess
    expect(['main', 'release/2024.1', 'v1.2.3', 'feature_x-y'].every(isSafeRef)).toBe(true);
  });

  it('knows a commit of the default branch, and of a branch pushed after the clone, as on a branch', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/late');
    const lateSha = commitFiles(repos.upstream, { 'b.txt': 'b' });
    commitFiles(repos.upstream, { 'c.txt': 'c' });
    git(repos.upstream, 'checkout', '--quiet', 'main');
    const commits = new GitCommits(repos.clone);

    // Act
    const found = await Promise.all([repos.firstSha, lateSha].map((sha) => commits.isOnBranchOrTag(sha)));

    // Assess
    expect(found).toEqual([true, true]);
  });

  it('does not take a commit that is only in a pull request from a fork for one on a branch, though it resolves', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const forkSha = forkCommit(repos, { 'evil.tf': 'data "external" "x" {}' });
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await commits.resolve(forkSha);
    const onBranch = await commits.isOnBranchOrTag(forkSha);

    // Assess
    expect(resolved).toEqual(found(forkSha));
    expect(onBranch).toBe(false);
  });

  it('does not take a malformed or unknown sha for one on a branch', async () => {
    // Prepare
    const commits = new GitCommits(createRepos({ 'a.txt': 'a' }).clone);

    // Act
    const found = await Promise.all(['--all', 'f'.repeat(40)].map((sha) => commits.isOnBranchOrTag(sha)));

    // Assess
    expect(found).toEqual([false, false]);
  });
});
