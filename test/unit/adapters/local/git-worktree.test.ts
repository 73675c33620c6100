import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gitEnvironment } from '../../../../adapters/local/bot-git';
import { Worktrees } from '../../../../adapters/local/git-worktree';
import { createRepos, git, tempDir } from '../../../support/git-repo';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Worktrees', () => {
  it("runs no hook a configuration file names, neither the global nor the clone's", async () => {
    // Prepare: the bot's global git configuration names a hooks directory whose post-checkout hook records the
    // environment it runs with, as a build that could write the home directory would plant; the clone's too
    const repos = createRepos({ 'a.txt': 'a' });
    const home = tempDir('worktrees-home');
    const hooks = join(home, 'hooks');
    const ran = join(home, 'ran.txt');
    mkdirSync(hooks);
    writeFileSync(join(hooks, 'post-checkout'), `#!/bin/sh\nenv > "${ran}"\n`);
    chmodSync(join(hooks, 'post-checkout'), 0o755);
    writeFileSync(join(home, '.gitconfig'), `[core]\n\thooksPath = ${hooks}\n`);
    vi.stubEnv('HOME', home);
    git(repos.clone, 'config', 'core.hooksPath', hooks);
    const worktrees = new Worktrees(repos.clone);
    const path = join(tempDir('worktrees'), 'j-hooked');

    // Act
    await worktrees.checkout(repos.firstSha, path);

    // Assess: the checkout happened, and no hook ran
    expect(readFileSync(join(path, 'a.txt'), 'utf8')).toBe('a');
    expect(existsSync(ran)).toBe(false);
  });

  it("gives git none of the bot's Slack or GitHub secrets, but what it needs to find its configuration and a remote", () => {
    // Act
    const env = gitEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/bot',
      SSH_AUTH_SOCK: '/run/agent',
      HTTPS_PROXY: 'http://proxy:3128',
      SLACK_BOT_TOKEN: 'xoxb-bot',
      SLACK_SIGNING_SECRET: 'signing',
      GITHUB_TOKEN: 'ghp_bot',
      AWS_SECRET_ACCESS_KEY: 'aws',
      INFRABOT_STATE: '/srv/state',
    });

    // Assess
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/bot',
      SSH_AUTH_SOCK: '/run/agent',
      HTTPS_PROXY: 'http://proxy:3128',
      GIT_TERMINAL_PROMPT: '0',
    });
  });

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
