import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliBundle } from '../../../bin/cli-bundle.mjs';

const run = promisify(execFile);
let root: string;

async function writeSources(greeting: string): Promise<void> {
  await mkdir(join(root, 'cli'), { recursive: true });
  await writeFile(join(root, 'cli/greeting.ts'), `export const greeting: string = '${greeting}';\n`);
  await writeFile(
    join(root, 'cli/main.ts'),
    "import { greeting } from './greeting';\nconsole.log(greeting, new URL(import.meta.url).pathname);\n",
  );
}

async function runBundle(entry: string): Promise<string> {
  return (await run(process.execPath, [entry])).stdout.trim();
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'infrabot-cli-bundle-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cliBundle', () => {
  it('builds the CLI once and reuses the build while no source changes', async () => {
    await writeSources('hello');

    const first = await cliBundle(root);
    const second = await cliBundle(root);

    expect(second).toBe(first);
    expect(first.startsWith(join(root, 'node_modules/.cache/infrabot-cli/'))).toBe(true);
    expect(await runBundle(first)).toBe(`hello ${join(root, 'cli/main.ts')}`);
  });

  it('rebuilds when a source the bundle was made from changes', async () => {
    await writeSources('hello');
    const first = await cliBundle(root);

    await writeFile(join(root, 'cli/greeting.ts'), "export const greeting: string = 'changed';\n");
    // Same size and a later time, as an editor saving a one-word change would leave it.
    const later = new Date(Date.now() + 5_000);
    await utimes(join(root, 'cli/greeting.ts'), later, later);
    const second = await cliBundle(root);

    expect(second).not.toBe(first);
    expect(await runBundle(second)).toMatch(/^changed /);
  });

  it('rebuilds when a source was deleted', async () => {
    await writeSources('hello');
    const first = await cliBundle(root);

    await rm(join(root, 'cli/greeting.ts'));
    await writeFile(join(root, 'cli/main.ts'), "console.log('alone');\n");
    const second = await cliBundle(root);

    expect(second).not.toBe(first);
    expect(await runBundle(second)).toBe('alone');
  });
});
