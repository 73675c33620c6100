import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './git-repo';

/**
 * Writes `lines` as an executable `terraform` in a new temporary directory named after `prefix`, and returns that
 * directory: put it first on the bot's PATH to stand in for (or wrap) the real terraform.
 */
export function terraformScriptDir(prefix: string, lines: readonly string[]): string {
  const bin = tempDir(prefix);
  const path = join(bin, 'terraform');
  writeFileSync(path, `${lines.join('\n')}\n`);
  chmodSync(path, 0o755);
  return bin;
}
