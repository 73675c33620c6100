/**
 * The benchmark registry: every `bench/*.bench.ts` file default-exports one {@link Bench} made with
 * {@link defineBench} (or a plain async function that prints its own results); `npm run bench` (bench/index.ts)
 * finds them all. Add a benchmark by adding a file; `npm run bench -- NAME` runs only the benches whose name
 * contains NAME.
 */

/** One table of results, printed as aligned columns. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  /** Lines printed under the table (targets met or not, skipped tools). */
  notes?: string[];
}

/** A benchmark: a name and a function that measures and returns its tables. */
export interface Bench {
  name: string;
  run(): Promise<BenchTable[]>;
}

/** Declares a benchmark; a bench file's default export. */
export function defineBench(bench: Bench): Bench {
  return bench;
}

/** Formats a table as text with right-aligned numeric columns. */
export function formatTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map(String))];
  const widths = table.columns.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const body = [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)];
  return [`\n## ${table.title}\n`, ...body, ...(table.notes ?? []).map((note) => `  ${note}`)].join('\n');
}
