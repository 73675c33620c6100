import { execFile } from 'node:child_process';
import { cp, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const identity = {
  GIT_AUTHOR_NAME: 'infrabot demo',
  GIT_AUTHOR_EMAIL: 'demo@infrabot.invalid',
  GIT_COMMITTER_NAME: 'infrabot demo',
  GIT_COMMITTER_EMAIL: 'demo@infrabot.invalid',
};

async function git(cwd: string, ...args: string[]): Promise<void> {
  await run('git', args, { cwd, env: { ...process.env, ...identity } });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Where the demo lives: the clone the bot builds from, and its origin. */
export interface DemoRepository {
  clone: string;
  origin: string;
}

/**
 * Lays the demo's Terraform out as a real repository the first time: a bare origin with the demo committed on
 * `main`, and a clone of it, so that branches, fetches and worktrees work as they do with a team's own clone.
 * Later starts keep what is there (and whatever the user changed in it).
 */
export async function layOutDemoRepository(source: string, dir: string): Promise<DemoRepository> {
  const origin = join(dir, 'origin.git');
  const clone = join(dir, 'repo');
  if (await exists(join(clone, '.git'))) return { clone, origin };
  await mkdir(dir, { recursive: true });
  await git(dir, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  await git(dir, 'clone', '--quiet', origin, clone);
  await git(clone, 'checkout', '--quiet', '-B', 'main');
  await cp(join(source, 'stacks'), join(clone, 'stacks'), { recursive: true });
  await git(clone, 'add', '-A');
  await git(clone, 'commit', '--quiet', '-m', 'The demo stacks: demo/network and demo/app');
  await git(clone, 'push', '--quiet', 'origin', 'main');
  return { clone, origin };
}
