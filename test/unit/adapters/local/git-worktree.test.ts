import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worktrees } from '../../../../adapters/local/git-worktree';
import { createRepos, git, tempDir } from '../../../support/git-repo';

describe('Worktrees', () => {
  it('checks a commit out at a path whose worktree a killed build left registered but deleted', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const worktrees = new Worktrees(repos.clone);
    const path = join(tempDir('worktrees'), 'j-killed');
    await worktrees.checkout(repos.firstSha, path);
    rmSync(path, { recursive: true, force: true });

    // Act
    await worktrees.remove(path);
    await worktrees.checkout(repos.firstSha, path);

    // Assess
    expect(existsSync(join(path, 'a.txt'))).toBe(true);
    expect(git(repos.clone, 'worktree', 'list').split('\n')).toHaveLength(2);
  });

  it('removes a worktree and its registration', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const worktrees = new Worktrees(repos.clone);
    const path = join(tempDir('worktrees'), 'j-done');
    await worktrees.checkout(repos.firstSha, path);

    // Act
    await worktrees.remove(path);

    // Assess
    expect(existsSync(path)).toBe(false);
    expect(git(repos.clone, 'worktree', 'list').split('\n')).toHaveLength(1);
  });
});
