import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Bench, formatTable } from './registry';

/** `npm run bench [-- NAME]`: runs every bench/*.bench.ts (or those whose name contains NAME) in turn. */
const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
for (const file of files) {
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as { default?: Bench };
  const bench = module.default;
  if (!bench) {
    console.error(`${file}: no default export; export default defineBench({ name, run })`);
    process.exitCode = 1;
    continue;
  }
  if (filter && !bench.name.includes(filter)) continue;
  console.log(`\n# ${bench.name} (${file})`);
  for (const table of await bench.run()) console.log(formatTable(table));
}
