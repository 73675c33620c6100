import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRefFile } from '../../../../adapters/local/ref-files';
import { commitFiles, createRepos, git } from '../../../support/git-repo';

describe('readRefFile', () => {
  it('reads a branch just fetched as git names it, loose or packed', async () => {
    // Prepare
    const repos = createRepos({ 'main.tf': '' });
    const sha = commitFiles(repos.upstream, { 'a.tf': '' }, 'second');
    git(repos.clone, 'fetch', '--quiet', 'origin');
    const gitDir = join(repos.clone, '.git');

    // Act
    const loose = await readRefFile(gitDir, 'refs/remotes/origin/main');
    git(repos.clone, 'pack-refs', '--all');
    const packed = await readRefFile(gitDir, 'refs/remotes/origin/main');

    // Assess
    expect(loose).toBe(sha);
    expect(packed).toBe(sha);
    expect(git(repos.clone, 'rev-parse', 'refs/remotes/origin/main').trim()).toBe(sha);
  });

  it('leaves to git what is not a plain ref file: a symbolic ref, a missing ref, a name outside refs/', async () => {
    // Prepare
    const repos = createRepos({ 'main.tf': '' });
    const gitDir = join(repos.clone, '.git');
    writeFileSync(join(gitDir, 'refs/heads/alias'), 'ref: refs/heads/main\n');

    // Act
    const read = await Promise.all(
      ['refs/heads/alias', 'refs/remotes/origin/gone', 'HEAD', '../config'].map((ref) => readRefFile(gitDir, ref)),
    );

    // Assess
    expect(read).toEqual([undefined, undefined, undefined, undefined]);
  });
});
