import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worktrees } from '../../../../adapters/local/git-worktree';
import { commitFiles, createRepos, git, tempDir } from '../../../support/git-repo';

describe('Worktrees', () => {
  it("reuses a stack's worktree for the next commit, leaving nothing the previous build wrote or changed", async () => {
    // Prepare: a build at the first commit changes a tracked file and leaves a provider behind
    const repos = createRepos({ 'stacks/net/main.tf': 'v1\n', '.gitignore': '.terraform/\n' });
    const worktrees = new Worktrees(repos.clone);
    const path = join(tempDir('worktrees'), 'aws_prod_net');
    await worktrees.checkout(repos.firstSha, path);
    writeFileSync(join(path, 'stacks/net/main.tf'), 'changed by the build\n');
    mkdirSync(join(path, 'stacks/net/.terraform/providers'), { recursive: true });
    writeFileSync(join(path, 'stacks/net/.terraform/providers/evil'), 'planted by another ref');
    writeFileSync(join(path, 'stacks/net/tfplan'), 'old plan');
    const second = commitFiles(repos.upstream, { 'stacks/net/main.tf': 'v2\n' });
    git(repos.clone, 'fetch', '--quiet', 'origin');

    // Act
    await worktrees.checkout(second, path);

    // Assess: exactly the second commit, in the same worktree
    expect(git(path, 'rev-parse', 'HEAD')).toBe(second);
    expect(readFileSync(join(path, 'stacks/net/main.tf'), 'utf8')).toBe('v2\n');
    expect(existsSync(join(path, 'stacks/net/.terraform'))).toBe(false);
    expect(existsSync(join(path, 'stacks/net/tfplan'))).toBe(false);
    expect(git(repos.clone, 'worktree', 'list').split('\n')).toHaveLength(2);
  });

  it('adds the worktree afresh when its directory was deleted behind its back', async () => {
    // Prepare
    const repos = createRepos({ 'a.txt': 'a' });
    const worktrees = new Worktrees(repos.clone);
    const path = join(tempDir('worktrees'), 'stack');
    await worktrees.checkout(repos.firstSha, path);
    rmSync(path, { recursive: true, force: true });

    // Act
    await worktrees.checkout(repos.firstSha, path);

    // Assess
    expect(readFileSync(join(path, 'a.txt'), 'utf8')).toBe('a');
  });
});
