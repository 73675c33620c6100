import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizePlan } from '../core/plan/summarize';
import { syntheticPlan } from '../test/fixtures/plans/synthetic-plan';
import { type Command, hasGnuTime, type Measurement, measureRounds, rssReporter } from './lib/measure';
import { bundleSummarize, ensureJq, jqCounts, writeFloorScript } from './lib/tools';
import { type BenchTable, defineBench } from './registry';

/**
 * `infrabot summarize` + render markdown on synthetic plans of 1,000 / 10,000 / 50,000 changes, beside jq
 * computing the same counts and the floor (node reading, parsing and walking the file). Each tool runs in a
 * fresh process, in interleaved rounds; each figure is the best of the rounds (the least disturbed by other
 * work on a shared machine), peak RSS the highest. The targets are judged on CPU time (user + system) when
 * GNU time reports it, since wall time on a busy shared machine mostly measures the neighbours.
 */

const sizes = [1_000, 10_000, 50_000];
const rounds = 5;
const targets = { floorRatio: 1.5, peakRssMb: 700 };

interface Tools {
  cli: string;
  floor: string;
  preload: string[];
  jq: boolean;
}

interface Row {
  changes: number;
  fileMb: number;
  ours: Measurement;
  floor: Measurement;
  jq?: Measurement;
}

const fmt = (value: number | undefined, digits = 0) => (value === undefined ? 'n/a' : value.toFixed(digits));
/** CPU time when measured, else wall time: what the targets are judged on. */
const cost = (measurement: Measurement) => measurement.cpuMs ?? measurement.ms;

function writePlan(dir: string, changes: number): { file: string; counts: string; fileMb: number } {
  const plan = syntheticPlan({ changes });
  const file = join(dir, `plan-${changes}.json`);
  writeFileSync(file, JSON.stringify(plan));
  return { file, counts: JSON.stringify(summarizePlan(plan).counts), fileMb: statSync(file).size / 1024 / 1024 };
}

function commandsFor(file: string, tools: Tools): Command[] {
  const commands: Command[] = [
    { command: 'node', args: [...tools.preload, tools.cli, 'summarize', file, '--stack', 'bench/stack'] },
    { command: 'node', args: [...tools.preload, tools.floor, file] },
  ];
  if (tools.jq) commands.push({ command: 'jq', args: ['-c', jqCounts, file] });
  return commands;
}

function measureSize(dir: string, changes: number, tools: Tools): Row {
  const { file, counts, fileMb } = writePlan(dir, changes);
  try {
    const [ours, floor, jq] = measureRounds(commandsFor(file, tools), rounds) as [
      Measurement,
      Measurement,
      Measurement?,
    ];
    if (!ours.stdout.startsWith('<!-- infrabot:stack=bench/stack -->') || ours.stdout.length > 65_536) {
      throw new Error(`summarize printed an unexpected comment for ${changes} changes`);
    }
    if (jq && JSON.stringify(JSON.parse(jq.stdout)) !== counts)
      throw new Error(`jq counted ${jq.stdout}, not ${counts}`);
    return jq ? { changes, fileMb, ours, floor, jq } : { changes, fileMb, ours, floor };
  } finally {
    rmSync(file);
  }
}

function table(rows: Row[], notes: string[]): BenchTable {
  return {
    title: `summarize + render markdown (best of ${rounds} rounds; ms wall / ms CPU, MB peak RSS)`,
    columns: ['changes', 'file MB', 'infrabot', 'MB', 'floor', 'MB', 'jq', 'MB', 'x floor', 'x jq'],
    rows: rows.map((row) => {
      const pair = (measurement?: Measurement) =>
        measurement ? `${fmt(measurement.ms)} / ${fmt(measurement.cpuMs)}` : 'n/a';
      return [
        row.changes.toLocaleString('en-US'),
        fmt(row.fileMb, 1),
        pair(row.ours),
        fmt(row.ours.peakRssMb),
        pair(row.floor),
        fmt(row.floor.peakRssMb),
        pair(row.jq),
        fmt(row.jq?.peakRssMb),
        fmt(cost(row.ours) / cost(row.floor), 2),
        row.jq ? fmt(cost(row.ours) / cost(row.jq), 2) : 'n/a',
      ];
    }),
    notes,
  };
}

function verdicts(rows: Row[]): string[] {
  const largest = rows[rows.length - 1];
  if (!largest) return [];
  const basis = largest.ours.cpuMs === undefined ? 'wall time' : 'CPU time';
  const ratio = cost(largest.ours) / cost(largest.floor);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const peak = largest.ours.peakRssMb;
  const size = largest.changes.toLocaleString('en-US');
  const lines = [
    `ratios use ${basis}`,
    `target: ${size} changes within ${targets.floorRatio}x the floor: ${ratio.toFixed(2)}x, ${mark(ratio <= targets.floorRatio)}`,
    `target: peak RSS at most ${targets.peakRssMb} MB: ${fmt(peak)} MB, ${peak === undefined ? 'not measured' : mark(peak <= targets.peakRssMb)}`,
  ];
  if (largest.jq) {
    const faster = cost(largest.ours) < cost(largest.jq);
    lines.push(`target: faster than jq: ${fmt(cost(largest.ours))} vs ${fmt(cost(largest.jq))} ms, ${mark(faster)}`);
  }
  return lines;
}

export default defineBench({
  name: 'summarize',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-bench-'));
    try {
      const jq = ensureJq();
      const tools: Tools = {
        cli: await bundleSummarize(dir),
        floor: writeFloorScript(dir),
        preload: hasGnuTime() ? [] : ['--require', rssReporter(dir)],
        jq: jq.ok,
      };
      const rows = sizes.map((changes) => measureSize(dir, changes, tools));
      const notes = jq.ok ? [] : [jq.note];
      if (!hasGnuTime()) notes.push('GNU time missing: wall time only; peak RSS of node children from resourceUsage()');
      return [table(rows, [...notes, ...verdicts(rows)])];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
