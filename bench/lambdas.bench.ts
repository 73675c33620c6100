import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineBench } from './registry';

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

function row(size: BundleSize): { cells: Array<string | number>; notes: string[] } {
  const timings = Array.from({ length: runs }, () => time(size.name));
  const importMs = median(timings.map((timing) => timing.importMs));
  const readyMs = median(timings.map((timing) => timing.readyMs));
  const target = targets[size.name];
  const notes = target
    ? [
        `${size.name}: first call ≤ ${target.maxBytes / mb} MB ${verdict(size.firstCallBytes <= target.maxBytes)}, ` +
          `on disk ≤ ${target.maxBytes / mb} MB ${verdict(size.bytes <= target.maxBytes)}` +
          (target.maxImportMs ? `, import < ${target.maxImportMs} ms ${verdict(importMs < target.maxImportMs)}` : ''),
      ]
    : [];
  const cells = [
    size.name,
    kib(size.bytes),
    kib(size.loadedBytes),
    kib(size.firstCallBytes),
    Number(importMs.toFixed(1)),
    Number(readyMs.toFixed(1)),
  ];
  return { cells, notes };
}

export default defineBench({
  name: 'lambdas',
  async run() {
    const sizes = buildBundles().filter((size) => existsSync(join(distDir, size.name, 'index.mjs')));
    const rows = sizes.map(row);
    return [
      {
        title: `Lambda bundles (median of ${runs} fresh Node processes; load average ${loadavg()[0]?.toFixed(1)})`,
        columns: ['lambda', 'on disk', 'at import', 'first call', 'import ms', 'ready ms'],
        rows: rows.map((entry) => entry.cells),
        notes: [
          'on disk: every .mjs file (lazy chunks included); at import / first call: what importing index.mjs / the first call reads',
          'import ms: importing index.mjs; ready ms: importing it and loading what the first call loads',
          ...rows.flatMap((entry) => entry.notes),
        ],
      },
    ];
  },
});
