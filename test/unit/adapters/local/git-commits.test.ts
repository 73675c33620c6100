import { describe, expect, it } from 'vitest';
import { GitCommits, isSafeRef } from '../../../../adapters/local/git-commits';
import { commitFiles, createRepos, git, tempDir } from '../../../support/git-repo';

const found = (sha: string) => ({ ok: true, sha });
const unknown = { ok: false, reason: 'unknown_ref' };

describe('GitCommits', () => {
  it('resolves a branch, a tag and a full or short commit of the clone', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.upstream, 'tag', '-a', '-m', 'release', 'v1.0.0');
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await Promise.all(
      ['main', 'v1.0.0', repos.firstSha, repos.firstSha.slice(0, 8)].map((ref) => commits.resolve(ref)),
    );

    // Assess
    expect(resolved).toEqual([repos.firstSha, repos.firstSha, repos.firstSha, repos.firstSha].map(found));
  });

  it('resolves a branch to where the remote has it now, not where the clone last saw it', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const commits = new GitCommits(repos.clone, { reuseMs: 0 });
    await commits.resolve('main');
    const pushed = commitFiles(repos.upstream, { 'b.txt': 'b' }, 'merged today');

    // Act
    const resolved = await commits.resolve('main');

    // Assess: the new commit, already in the clone for a build to check out
    expect(resolved).toEqual(found(pushed));
    expect(git(repos.clone, 'cat-file', '-t', pushed)).toBe('commit');
    expect(git(repos.clone, 'rev-parse', 'origin/main')).toBe(pushed);
  });

  it('shares one answer among requests within the reuse window, and asks the remote again after it', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    let now = 0;
    const commits = new GitCommits(repos.clone, { reuseMs: 2_000, now: () => now });
    const first = await Promise.all([commits.resolve('main'), commits.resolve('main')]);
    const pushed = commitFiles(repos.upstream, { 'b.txt': 'b' });

    // Act
    now = 1_999;
    const withinWindow = await commits.resolve('main');
    now = 2_000;
    const afterWindow = await commits.resolve('main');

    // Assess
    expect(first).toEqual([found(repos.firstSha), found(repos.firstSha)]);
    expect(withinWindow).toEqual(found(repos.firstSha));
    expect(afterWindow).toEqual(found(pushed));
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

  it('says the ref is unknown when it exists nowhere, the remote included', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await Promise.all([commits.resolve('no-such-branch'), commits.resolve('f'.repeat(40))]);

    // Assess
    expect(resolved).toEqual([unknown, unknown]);
  });

  it('refuses with the reason when the remote cannot be reached, rather than use the clone’s old answer', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    git(repos.clone, 'remote', 'set-url', 'origin', `${tempDir('gone')}/missing-repo`);
    const commits = new GitCommits(repos.clone);

    // Act
    const resolved = await commits.resolve('main');

    // Assess
    expect(resolved).toMatchObject({ ok: false, reason: 'repository_unreachable' });
    expect(resolved.ok ? '' : 'why' in resolved ? resolved.why : '').toMatch(
      /^the remote "origin" did not answer: .*missing-repo/,
    );
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
    expect(resolved.every((answer) => !answer.ok && answer.reason === 'unknown_ref')).toBe(true);
  });

  it('accepts ordinary branch and tag names as safe', () => {
    // Act + Assess
    expect(['main', 'release/2024.1', 'v1.2.3', 'feature_x-y'].every(isSafeRef)).toBe(true);
  });
});
