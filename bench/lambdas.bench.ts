import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Lambda bundles: their size and how long a fresh Node process takes to import each one. */

interface BundleSize {
  name: string;
  /** Every .mjs file of the bundle, lazy chunks included. */
  bytes: number;
  /** What importing index.mjs reads: the entry and the chunks it imports statically. */
  loadedBytes: number;
  /** What the first invocation has read: the above and infrabot's own lazily loaded modules. */
  firstCallBytes: number;
}

const root = resolve(import.meta.dirname, '..');
const distDir = join(root, 'dist', 'lambdas');
const runs = 5;
const mb = 1_000_000;
const targets: Record<string, { maxBytes: number; maxImportMs?: number }> = {
  dispatcher: { maxBytes: mb, maxImportMs: 150 },
  notifier: { maxBytes: mb, maxImportMs: 150 },
  bot: { maxBytes: 3 * mb },
};

function buildBundles(): BundleSize[] {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the lambdas failed:\n${built.stderr}`);
  return JSON.parse(readFileSync(join(distDir, 'sizes.json'), 'utf8')) as BundleSize[];
}

interface Timing {
  /** Importing index.mjs. */
  importMs: number;
  /** Importing it and loading what the first invocation loads (`warm()`), when the handler has that export. */
  readyMs: number;
}

/** Times one fresh Node process (Node's own start-up not counted). */
function time(name: string): Timing {
  const url = pathToFileURL(join(distDir, name, 'index.mjs')).href;
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(url)});
const imported = performance.now() - t;
if (typeof m.handler !== 'function') throw new Error('no handler export');
if (typeof m.warm === 'function') await m.warm();
process.stdout.write(JSON.stringify({ importMs: imported, readyMs: performance.now() - t }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${name} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Timing;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');

export default async function run(): Promise<void> {
  const sizes = buildBundles();
  console.log(`\nLambda bundles (median of ${runs} fresh processes; load average ${loadavg()[0]?.toFixed(1)})`);
  console.log('on disk: every .mjs file; at import / first call: what importing index.mjs / the first call reads');
  console.log('import ms: importing index.mjs; ready ms: importing it and loading what the first call loads');
  console.log(
    `${'lambda'.padEnd(11)}${'on disk'.padStart(10)}${'at import'.padStart(11)}${'first call'.padStart(12)}${'import ms'.padStart(11)}${'ready ms'.padStart(10)}  target`,
  );
  for (const { name, bytes, loadedBytes, firstCallBytes } of sizes) {
    if (!existsSync(join(distDir, name, 'index.mjs'))) continue;
    const timings = Array.from({ length: runs }, () => time(name));
    const ms = median(timings.map((timing) => timing.importMs));
    const ready = median(timings.map((timing) => timing.readyMs));
    const target = targets[name];
    const checks = target
      ? [
          `first call ≤ ${target.maxBytes / mb} MB ${verdict(firstCallBytes <= target.maxBytes)}`,
          `on disk ≤ ${target.maxBytes / mb} MB ${verdict(bytes <= target.maxBytes)}`,
          ...(target.maxImportMs ? [`import < ${target.maxImportMs} ms ${verdict(ms < target.maxImportMs)}`] : []),
        ].join(', ')
      : '';
    console.log(
      `${name.padEnd(11)}${kib(bytes).padStart(10)}${kib(loadedBytes).padStart(11)}${kib(firstCallBytes).padStart(12)}${ms.toFixed(1).padStart(11)}${ready.toFixed(1).padStart(10)}  ${checks}`,
    );
  }
}
