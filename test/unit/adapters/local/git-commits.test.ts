import { describe, expect, it } from 'vitest';
import { GitCommits, isSafeRef } from '../../../../adapters/local/git-commits';
import { commitFiles, createRepos, forkCommit, git } from '../../../support/git-repo';

describe('GitCommits', () => {
  it('resolves a branch, a tag and a full or short commit of the clone', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.clone, 'tag', 'v1.0.0');
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await Promise.all(
      ['main', 'v1.0.0', repos.firstSha, repos.firstSha.slice(0, 8)].map((ref) => commits.resolve(ref)),
    );

    // Assess
    expect(resolved).toEqual([repos.firstSha, repos.firstSha, repos.firstSha, repos.firstSha]);
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
    expect(resolved).toBe(featureSha);
  });

  it('returns undefined for a ref that exists nowhere', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });

    // Act
    const resolved = await new GitCommits(repos.clone).resolve('no-such-branch');

    // Assess
    expect(resolved).toBeUndefined();
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
    expect(resolved.every((sha) => sha === undefined)).toBe(true);
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
    expect(resolved).toBe(forkSha);
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
