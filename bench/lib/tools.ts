import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Bundles `infrabot summarize` into one ESM file so the benchmark measures it, not tsx start-up. */
export async function bundleSummarize(dir: string): Promise<string> {
  const outfile = join(dir, 'summarize.mjs');
  await build({
    stdin: {
      contents: [
        `import { summarizeCommand } from './cli/commands/summarize';`,
        `import { runCli } from './cli/run-cli';`,
        'process.exitCode = await runCli(process.argv.slice(2), [summarizeCommand]);',
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'bench-summarize.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** The floor: a bare node process that reads the file, parses it and walks the resource changes. */
export function writeFloorScript(dir: string): string {
  const file = join(dir, 'floor.mjs');
  writeFileSync(
    file,
    [
      "import { readFileSync } from 'node:fs';",
      "const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));",
      'let seen = 0;',
      'for (const change of plan.resource_changes ?? []) {',
      "  if (typeof change.address === 'string' && Array.isArray(change.change.actions)) seen += change.change.actions.length;",
      '}',
      'console.log(seen);',
    ].join('\n'),
  );
  return file;
}

/** The jq program computing the same counts as `infrabot summarize`. */
export const jqCounts = `reduce (.resource_changes // [])[] as $rc (
  {create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0};
  $rc.change.actions as $a
  | if $a == ["create"] then .create += 1
    elif $a == ["update"] then .update += 1
    elif $a == ["delete"] then .delete += 1
    elif $a == ["delete", "create"] or $a == ["create", "delete"] then .replace += 1
    elif $a == ["read"] then .read += 1
    else . end
  | if $rc.change.importing then .import += 1 else . end
  | if $rc.previous_address and $rc.previous_address != $rc.address then .move += 1 else . end)`;

function hasJq(): boolean {
  return spawnSync('jq', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Finds jq, installing it from Debian when missing; returns a note instead when that is not possible. */
export function ensureJq(): { ok: true } | { ok: false; note: string } {
  if (hasJq()) return { ok: true };
  console.log('jq is missing; installing it with apt-get');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const install = spawnSync(
    sudo[0] ?? 'apt-get',
    [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), 'install', '-y', 'jq'],
    {
      encoding: 'utf8',
      stdio: 'inherit',
    },
  );
  if (install.status === 0 && hasJq()) return { ok: true };
  return { ok: false, note: 'jq skipped: it is not installed and `apt-get install -y jq` failed' };
}
