import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Bench, formatTable } from './registry';

/**
 * `npm run bench [-- NAME]`: runs every bench/*.bench.ts (or those whose name contains NAME) in turn. A bench
 * file default-exports either `defineBench({ name, run })`, whose tables are printed here, or a plain async
 * function that prints its own results.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];

type BenchExport = Bench | (() => Promise<unknown>);

async function runOne(file: string, entry: BenchExport): Promise<void> {
  const name = typeof entry === 'function' ? file.replace(/\.bench\.ts$/, '') : entry.name;
  if (filter && !name.includes(filter)) return;
  console.log(`\n# ${name} (${file})`);
  if (typeof entry === 'function') {
    await entry();
    return;
  }
  for (const table of await entry.run()) console.log(formatTable(table));
}

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
for (const file of files) {
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as { default?: BenchExport };
  if (!module.default) {
    console.error(`${file}: no default export; export default defineBench({ name, run })`);
    process.exitCode = 1;
    continue;
  }
  await runOne(file, module.default);
}
