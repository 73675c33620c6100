import { type Dirent, readdirSync } from 'node:fs';
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

/**
 * Every directory of the repository that holds Terraform files, with their names (sorted), found by walking the
 * tree from `repoDir`. Keys are repository-relative (`.` for the root). Symbolic links are not followed.
 * Reads synchronously (far cheaper per directory), letting the event loop run every 64 directories.
 */
export async function terraformDirs(repoDir: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const queue = ['.'];
  for (let index = 0; index < queue.length; index++) {
    const dir = queue[index] as string;
    const entries = entriesOf(dir === '.' ? repoDir : join(repoDir, dir));
    const files = entries.filter((entry) => entry.isFile() && terraformFileName.test(entry.name));
    if (files.length > 0) found.set(dir, files.map((entry) => entry.name).sort());
    for (const entry of entries) {
      if (entry.isDirectory() && !skipped.has(entry.name))
        queue.push(dir === '.' ? entry.name : `${dir}/${entry.name}`);
    }
    if (index % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
  }
  return found;
}
