import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Terraform and OpenTofu files, in HCL or JSON syntax; nothing else can hold a `module` block. */
export const terraformFileName = /\.(tf|tofu)(\.json)?$/;

/** Directories never holding the repository's own modules: VCS data, downloaded modules and providers, packages. */
const skipped = new Set(['.git', '.terraform', 'node_modules']);

function entriesOf(path: string): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isLinkedDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The Terraform files directly in `dir` (following a symbolic link to it), sorted. */
export function terraformFilesIn(repoDir: string, dir: string): string[] {
  return entriesOf(dir === '.' ? repoDir : join(repoDir, dir))
    .filter((entry) => !entry.isDirectory() && terraformFileName.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Every directory of the repository that holds Terraform files, with their names (sorted), found by walking the
 * tree from `repoDir`. Keys are repository-relative (`.` for the root). A symbolic link to a directory is
 * listed but not walked into. Reads synchronously (far cheaper per directory), letting the event loop run
 * every 64 directories.
 */
export async function terraformDirs(repoDir: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const queue = ['.'];
  for (let index = 0; index < queue.length; index++) {
    const dir = queue[index] as string;
    const path = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
    const entries = entriesOf(dir === '.' ? repoDir : join(repoDir, dir));
    const files = entries.filter((entry) => !entry.isDirectory() && terraformFileName.test(entry.name));
    if (files.length > 0) found.set(dir, files.map((entry) => entry.name).sort());
    for (const entry of entries) {
      if (skipped.has(entry.name)) continue;
      if (entry.isDirectory()) queue.push(path(entry.name));
      else if (entry.isSymbolicLink() && isLinkedDir(join(repoDir, path(entry.name)))) {
        const linked = terraformFilesIn(repoDir, path(entry.name));
        if (linked.length > 0) found.set(path(entry.name), linked);
      }
    }
    if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
  }
  return found;
}
