import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizePlan } from '../core/plan/summarize';
import { syntheticPlan } from '../test/fixtures/plans/synthetic-plan';
import { hasGnuTime, type Measurement, measure, rssReporter } from './lib/measure';
import { bundleSummarize, ensureJq, jqCounts, writeFloorScript } from './lib/tools';
import { type BenchTable, defineBench } from './registry';

/**
 * `infrabot summarize` + render markdown on synthetic plans of 1,000 / 10,000 / 50,000 changes, beside jq
 * computing the same counts and the floor (node reading, parsing and walking the file). Each figure is the
 * median of three fresh processes; peak RSS is the highest of the three.
 */

const sizes = [1_000, 10_000, 50_000];
const runs = 3;
const targets = { floorRatio: 1.5, peakRssMb: 700 };

interface Row {
  changes: number;
  fileMb: number;
  ours: Measurement;
  floor: Measurement;
  jq?: Measurement;
}

const fmt = (value: number | undefined, digits = 0) => (value === undefined ? 'n/a' : value.toFixed(digits));

function writePlan(dir: string, changes: number): { file: string; counts: string } {
  const plan = syntheticPlan({ changes });
  const file = join(dir, `plan-${changes}.json`);
  writeFileSync(file, JSON.stringify(plan));
  return { file, counts: JSON.stringify(summarizePlan(plan).counts) };
}

function measureSize(
  dir: string,
  changes: number,
  tools: { cli: string; floor: string; preload: string[]; jq: boolean },
): Row {
  const { file, counts } = writePlan(dir, changes);
  const ours = measure('node', [...tools.preload, tools.cli, 'summarize', file, '--stack', 'bench/stack'], runs);
  if (!ours.stdout.startsWith('<!-- infrabot:stack=bench/stack -->') || ours.stdout.length > 65_536) {
    throw new Error(`summarize printed an unexpected comment for ${changes} changes`);
  }
  const floor = measure('node', [...tools.preload, tools.floor, file], runs);
  const row: Row = { changes, fileMb: statSync(file).size / 1024 / 1024, ours, floor };
  if (tools.jq) {
    row.jq = measure('jq', ['-c', jqCounts, file], runs);
    if (JSON.stringify(JSON.parse(row.jq.stdout)) !== counts)
      throw new Error(`jq counted ${row.jq.stdout} but summarize ${counts}`);
  }
  rmSync(file);
  return row;
}

function table(rows: Row[], notes: string[]): BenchTable {
  return {
    title: `summarize + render markdown (median of ${runs} runs; times in ms, memory in MB peak RSS)`,
    columns: ['changes', 'file MB', 'infrabot ms', 'MB', 'floor ms', 'MB', 'jq ms', 'MB', 'x floor', 'x jq'],
    rows: rows.map((row) => [
      row.changes.toLocaleString('en-US'),
      fmt(row.fileMb, 1),
      fmt(row.ours.ms),
      fmt(row.ours.peakRssMb),
      fmt(row.floor.ms),
      fmt(row.floor.peakRssMb),
      fmt(row.jq?.ms),
      fmt(row.jq?.peakRssMb),
      fmt(row.ours.ms / row.floor.ms, 2),
      row.jq ? fmt(row.ours.ms / row.jq.ms, 2) : 'n/a',
    ]),
    notes,
  };
}

function verdicts(rows: Row[]): string[] {
  const largest = rows[rows.length - 1];
  if (!largest) return [];
  const ratio = largest.ours.ms / largest.floor.ms;
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const lines = [
    `target: ${largest.changes.toLocaleString('en-US')} changes within ${targets.floorRatio}x the floor: ${ratio.toFixed(2)}x, ${mark(ratio <= targets.floorRatio)}`,
    `target: peak RSS at most ${targets.peakRssMb} MB: ${fmt(largest.ours.peakRssMb)} MB, ${largest.ours.peakRssMb === undefined ? 'not measured' : mark(largest.ours.peakRssMb <= targets.peakRssMb)}`,
  ];
  if (largest.jq)
    lines.push(
      `target: faster than jq: ${fmt(largest.ours.ms)} ms vs ${fmt(largest.jq.ms)} ms, ${mark(largest.ours.ms < largest.jq.ms)}`,
    );
  return lines;
}

export default defineBench({
  name: 'summarize',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-bench-'));
    try {
      const jq = ensureJq();
      const tools = {
        cli: await bundleSummarize(dir),
        floor: writeFloorScript(dir),
        preload: hasGnuTime() ? [] : ['--require', rssReporter(dir)],
        jq: jq.ok,
      };
      const rows = sizes.map((changes) => measureSize(dir, changes, tools));
      const notes = jq.ok ? [] : [jq.note];
      if (!hasGnuTime())
        notes.push('GNU time missing: peak RSS of node children from process.resourceUsage(); jq not measured');
      return [table(rows, [...notes, ...verdicts(rows)])];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
