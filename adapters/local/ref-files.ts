import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const storedSha = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The object a ref of a git directory names, read from git's ref files (the loose file, else `packed-refs`)
 * rather than by starting `git rev-parse`: a branch just fetched is read in microseconds instead of a process
 * start (tens of milliseconds). Anything else (a symbolic ref, a ref store git no longer keeps in files, a file
 * being rewritten) is undefined, and the caller asks git. Git writes both files by renaming a lock file over
 * them, so a read sees a whole file; a ref packed meanwhile is found in `packed-refs`.
 */
export async function readRefFile(gitDir: string, ref: string): Promise<string | undefined> {
  if (!ref.startsWith('refs/')) return undefined;
  const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => undefined);
  if (loose !== undefined) return shaOf(loose.trimEnd());
  const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => undefined);
  if (packed === undefined) return undefined;
  for (const line of packed.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1) === ref) return shaOf(line.slice(0, space));
  }
  return undefined;
}

function shaOf(text: string): string | undefined {
  return storedSha.test(text) ? text : undefined;
}
