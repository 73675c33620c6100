import { chmod, mkdir } from 'node:fs/promises';

/**
 * Creates (or tightens) a directory only this user may enter: saved plans, `plan.json` and worktrees hold the
 * stacks' secret values in clear.
 */
export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}
