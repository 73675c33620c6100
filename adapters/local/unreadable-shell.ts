import { chmod, copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A copy of bash in `dir` that the build may run but not read, for a sandbox's step shell. Linux marks a process
 * running a program its user cannot read as not dumpable, and the sandbox holds no capability: nothing a command
 * starts (a provider, an external data source) can then trace the shell, take its descriptors (`pidfd_getfd`) or
 * reach its memory through `/proc`. A dumpable shell gives any such program its channel to the driver: it could
 * report a failed command as succeeded, or hand the next command an environment of its own, which the shell
 * evaluates. `dir` must be one no build can write (the copy is run again whenever the shell is restarted).
 */
export async function unreadableShell(bash: string, dir: string): Promise<string> {
  const copy = join(dir, 'bash');
  await rm(copy, { force: true });
  await copyFile(bash, copy);
  await chmod(copy, 0o111);
  return copy;
}
