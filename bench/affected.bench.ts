import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { affectedCommand } from '../cli/commands/affected';
import type { CliIo } from '../cli/run-cli';
import { changedPaths, type GeneratedRepo, generateRepo } from './affected-repo';

const targetMs = 1_000;
const shape = { stacks: 1_000, modules: 200 };

/** The two change sets timed: a broad change, and one no stack directory contains (every stack is read). */
const scenarios = [
  {
    name: 'mixed: 2,000 in 300 stacks, 1,000 in 10 modules, 2,000 elsewhere',
    mix: { count: 5_000, inStacks: 2_000, stacksTouched: 300, inModules: 1_000, modulesTouched: 10 },
  },
  {
    name: 'modules only: 3,000 in 20 modules, 2,000 elsewhere (no stack touched directly)',
    mix: { count: 5_000, inStacks: 0, stacksTouched: 1, inModules: 3_000, modulesTouched: 20 },
  },
] as const;

interface Timing {
  ms: number;
  cpuMs: number;
  affected: number;
}

async function inProcess(repo: GeneratedRepo, paths: readonly string[]): Promise<Timing> {
  let out = '';
  const io: CliIo = {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => paths.join('\n'),
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const code = await affectedCommand.run(['--config', repo.configPath, '--repo', repo.root], io);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (code !== 0) throw new Error(`affected exited with ${code}`);
  return { ms, cpuMs: (used.user + used.system) / 1000, affected: out.split('\n').filter(Boolean).length };
}

async function childProcess(repo: GeneratedRepo, paths: readonly string[]): Promise<number> {
  const bin = resolve('bin/infrabot.mjs');
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'affected', '--config', repo.configPath, '--repo', repo.root], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin.end(paths.join('\n'));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`infrabot affected exited with ${code}`);
  return performance.now() - started;
}

async function startupFloor(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [resolve('bin/infrabot.mjs'), 'help'], { stdio: 'ignore' });
  await new Promise((done) => child.on('close', done));
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function row(cells: readonly string[]): string {
  const widths = [78, 9, 16, 12, 12, 8];
  return cells.map((cell, index) => cell.padEnd(widths[index] ?? 10)).join(' ');
}

const runs = 7;

/** `npm run bench` part: times `infrabot affected` over 1,000 stacks and 200 modules with 5,000 changed files. */
export default async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'infrabot-affected-bench-'));
  try {
    const repo = await generateRepo(root, shape);
    await startupFloor(); // builds the CLI bundle if the sources changed, so no row pays for it
    console.log(`\naffected: ${shape.stacks} stacks, ${shape.modules} modules, 5,000 changed files (target ≤ 1 s)`);
    console.log(row(['change set', 'affected', `CLI best/median`, 'in-process', '(CPU)', 'target']));
    for (const scenario of scenarios) {
      const paths = changedPaths(repo, scenario.mix);
      const cli: number[] = [];
      for (let index = 0; index < runs; index++) cli.push(await childProcess(repo, paths));
      const local = await inProcess(repo, paths);
      const verdict = median(cli) <= targetMs ? 'ok' : 'MISSED';
      console.log(
        row([
          scenario.name,
          String(local.affected),
          `${Math.min(...cli).toFixed(0)}/${median(cli).toFixed(0)} ms`,
          `${local.ms.toFixed(0)} ms`,
          `${local.cpuMs.toFixed(0)} ms`,
          verdict,
        ]),
      );
    }
    const floor = await startupFloor();
    console.log(
      `CLI: \`npx infrabot affected\` as a user runs it, process start to exit, ${runs} runs; the target is on the median.`,
    );
    console.log(
      `Start-up alone (\`infrabot help\`: Node, the bundle, zod and yaml) took ${floor.toFixed(0)} ms; load on this shared machine only adds time.`,
    );
    console.log('in-process: the function the CLI runs, configuration included, in the benchmark process (warm after');
    console.log('the first row). CPU is user + system time, steadier than wall time on a shared machine.');
    console.log(
      `load average while measuring: ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await run();
