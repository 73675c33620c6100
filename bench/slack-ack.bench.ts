/**
 * Acknowledgement latency: 500 signed slash commands at concurrency 50 against infrabot's Bolt app, side by side
 * with a bare Bolt app that only acks (the same requests to both), each server in its own process, in turns.
 * What each row asks infrabot (see bench/support/ack-server.ts):
 * - `/tf help`: answered in the ack itself; its audit line is written after.
 * - `/tf plan`: each request plans a stack not asked before, so each one passes its checks, is acked, then
 *   posts the job's message, records the job, takes the stack's lock and starts a build (a runner that does nothing).
 * - `/tf apply`: the same, applying each stack's fresh saved plan (made by the same applier, its digest checked).
 * - `/tf plan, stack locked`: someone else's job holds the stack, so the refusal is answered in the ack (audited after).
 * The time measured is until the ack. The work after it runs in the same process, during the run as the bot
 * schedules it, and after the run: the next run (of either app) starts once it is done, and the longest it took
 * is printed under the table. Targets: at least 80 % of the bare app's throughput, and a p99 no worse than 1.25x
 * the bare app's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackSignatureHeaders, slashCommandBody } from '../test/support/slack-signing';

const requests = 500;
const concurrency = 50;
const warmup = 100;
/**
 * Runs of the load per server, taking turns. Each app's figures are its medians over the runs; each ratio is the
 * median of the rounds' ratios, each run against its twin of the same round (a paired comparison: a slow spell of
 * the shared machine falls on a pair, and the median ignores the few pairs it spoils).
 */
const rounds = 15;
const signingSecret = 'bench-signing-secret';
/** One stack per request a server is sent, so that no plan or apply meets another's lock. */
const stacks = warmup + rounds * requests;

/** A row of the table: what infrabot is asked, the n-th time, and by whom. */
interface Case {
  label: string;
  text: (index: number) => string;
  userId?: string;
  /** Every request is handed to the dispatcher after its ack. */
  dispatches?: true;
}

const cases: Case[] = [
  { label: '/tf help', text: () => 'help' },
  { label: '/tf plan', text: (index) => `plan bench/stack-${index}`, dispatches: true },
  { label: '/tf apply', text: (index) => `apply bench/stack-${index}`, userId: 'UAPPLIER', dispatches: true },
  { label: '/tf plan, stack locked', text: () => 'plan aws/prod/network' },
];
const root = new URL('..', import.meta.url).pathname;

interface Run {
  latencies: number[];
  seconds: number;
  errors: number;
}

/** The median of each figure over a server's runs. */
interface Typical {
  rate: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Starts a bench process and waits for the line matching `ready`. */
async function startProcess(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const found = ready.exec(chunk.toString());
      if (found) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return { child, match };
}

async function startServer(
  mode: 'bot' | 'bare',
  slack: Slack,
): Promise<{ child: ChildProcess; port: number; respond: string }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'infrabot-bench-'));
  const { child, match } = await startProcess(
    ['bench/support/ack-server.ts', mode, stateDir, slack.api, String(stacks)],
    /port=(\d+)/,
  );
  return { child, port: Number(match[1]), respond: slack.respond };
}

interface Slack {
  api: string;
  respond: string;
}

function send(target: Target, agent: Agent, asked: Case): Promise<number> {
  const { port } = target;
  const index = target.sent++;
  const body = slashCommandBody({
    text: asked.text(index),
    trigger_id: `bench.${index}.${Math.random()}`,
    response_url: target.respond,
    ...(asked.userId ? { user_id: asked.userId } : {}),
  });
  const headers = { ...slackSignatureHeaders(body, signingSecret), 'content-length': String(Buffer.byteLength(body)) };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Target {
  port: number;
  respond: string;
  /** Requests sent to this server so far: the next one's index. */
  sent: number;
}

async function load(target: Target, asked: Case, count: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      await send(target, agent, asked).then(
        (ms) => latencies.push(ms),
        (error: unknown) => {
          if (errors++ === 0) console.error(`first error: ${String(error)}`);
        },
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function typical(runs: readonly Run[]): Typical {
  return {
    rate: median(runs.map(rate)),
    p50: median(runs.map((r) => percentile(r.latencies, 50))),
    p99: median(runs.map((r) => percentile(r.latencies, 99))),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Infrabot's ratios to the bare app, each round's run against its twin: their median, lowest and highest. */
interface Ratios {
  throughput: { median: number; range: [number, number] };
  p99: { median: number; range: [number, number] };
}

function ratiosOf(runs: { bare: readonly Run[]; bot: readonly Run[] }): Ratios {
  const pairs = runs.bot.map((bot, round) => [bot, runs.bare[round] as Run] as const);
  const summary = (values: number[]) => ({
    median: median(values),
    range: [Math.min(...values), Math.max(...values)] as [number, number],
  });
  return {
    throughput: summary(pairs.map(([bot, bare]) => rate(bot) / rate(bare))),
    p99: summary(pairs.map(([bot, bare]) => percentile(bot.latencies, 99) / percentile(bare.latencies, 99))),
  };
}

/**
 * Both servers, warmed up, then `rounds` runs of the load on each, taking turns (the bare app first in even rounds,
 * infrabot first in odd ones, so that neither always runs after the other's work).
 */
async function measure(asked: Case, slack: Slack): Promise<Measured> {
  const servers = await Promise.all([startServer('bare', slack), startServer('bot', slack)]);
  try {
    const [bare, bot] = servers.map(({ child: _child, ...target }) => ({ ...target, sent: 0 })) as [Target, Target];
    await load(bare, asked, warmup);
    await load(bot, asked, warmup);
    await workDone(bot, asked);
    const runs: { bare: Run[]; bot: Run[] } = { bare: [], bot: [] };
    const cpu: Measured['cpu'] = { bare: [], bot: [], botAfter: [] };
    const workedDuringRuns: number[] = [];
    let slowestWork = 0;
    const runBare = async () => {
      const bareCpu = await cpuOf(bare);
      runs.bare.push(await load(bare, asked, requests));
      cpu.bare.push(await cpuSince(bare, bareCpu));
    };
    const runBot = async () => {
      const botCpu = await cpuOf(bot);
      const audited = (await buildsOf(bot)).audited;
      runs.bot.push(await load(bot, asked, requests));
      const afterRun = await cpuOf(bot);
      cpu.bot.push(afterRun - botCpu);
      workedDuringRuns.push((await buildsOf(bot)).audited - audited);
      // The bot's work after its acks is done before the next run, so that it slows neither app's.
      slowestWork = Math.max(slowestWork, await workDone(bot, asked));
      cpu.botAfter.push(await cpuSince(bot, afterRun));
    };
    for (let round = 0; round < rounds; round++) {
      for (const turn of round % 2 === 0 ? [runBare, runBot] : [runBot, runBare]) await turn();
    }
    const measured = {
      bare: typical(runs.bare),
      bot: typical(runs.bot),
      ratios: ratiosOf(runs),
      cpu,
      workedDuringRuns,
    };
    return { ...measured, builds: await buildsOf(bot), slowestWork };
  } finally {
    for (const server of servers) server.child.kill();
  }
}

const rate = (r: Run) => r.latencies.length / r.seconds;

interface Measured {
  bare: Typical;
  bot: Typical;
  ratios: Ratios;
  /** What infrabot's dispatcher did with the requests: builds started (lock, job row, runner) and refused. */
  builds: { started: number; refused: number; audited: number };
  /**
   * CPU time each server used in each run, in microseconds (user and system): it counts what a process does, not
   * the time others on a shared machine take from it. `botAfter`: the bot's from the end of a run until its work was done.
   */
  cpu: { bare: number[]; bot: number[]; botAfter: number[] };
  /** For each run, how many requests' work was done (their audit line written) before the run ended. */
  workedDuringRuns: number[];
  /** The longest, over the runs, from a run's last ack until the dispatcher was done with every request, in ms. */
  slowestWork: number;
}

/** The CPU time a server's process has used so far, in microseconds. */
async function cpuOf(target: Target): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${target.port}/bench/cpu`);
  const { user, system } = (await response.json()) as { user: number; system: number };
  return user + system;
}

async function cpuSince(target: Target, before: number): Promise<number> {
  return (await cpuOf(target)) - before;
}

const median = (values: readonly number[]) => percentile([...values], 50);

async function buildsOf(target: Target): Promise<Measured['builds']> {
  const response = await fetch(`http://127.0.0.1:${target.port}/bench/builds`);
  return (await response.json()) as Measured['builds'];
}

/**
 * Waits until the bot's work after its acks is done: an audit line for every request sent, and the dispatcher done
 * with each (when the case dispatches). Returns how long it took.
 */
async function workDone(target: Target, asked: Case): Promise<number> {
  const started = performance.now();
  for (;;) {
    const builds = await buildsOf(target);
    const dispatched = !asked.dispatches || builds.started + builds.refused >= target.sent;
    if (dispatched && builds.audited >= target.sent) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export default async function run(): Promise<void> {
  console.log(
    `\n## Slack acknowledgement latency (${requests} signed requests, concurrency ${concurrency}, each figure the median of ${rounds} runs in turns, each ratio the median of the rounds' ratios)\n`,
  );
  console.log(
    '| command | app | req/s | p50 ms | p99 ms | errors | throughput vs bare | p99 vs bare | targets | rounds: throughput, p99 vs bare (lowest–highest) |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  const standIn = await startProcess(['bench/support/slack-stand-in.ts'], /api=(\S+) respond=(\S+)/);
  const slack = { api: standIn.match[1] ?? '', respond: standIn.match[2] ?? '' };
  const notes: string[] = [];
  try {
    for (const asked of cases) notes.push(await compare(asked, slack));
  } finally {
    standIn.child.kill();
  }
  console.log('');
  for (const note of notes) console.log(note);
}

/** Prints the case's two rows; returns what the bot's dispatcher did, to print under the table. */
async function compare(asked: Case, slack: Slack): Promise<string> {
  const { bare, bot, ratios, builds, slowestWork, cpu, workedDuringRuns } = await measure(asked, slack);
  const throughput = ratios.throughput.median;
  const p99 = ratios.p99.median;
  const met = throughput >= 0.8 && p99 <= 1.25 && bot.errors === 0 ? 'met' : 'NOT met';
  const row = (app: string, r: Typical, extra: string) =>
    `| ${asked.label} | ${app} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${extra}`;
  const range = ([low, high]: [number, number]) => `${low.toFixed(2)}–${high.toFixed(2)}`;
  console.log(row('bare Bolt', bare, '1.00 | 1.00 | | |'));
  console.log(
    row(
      'infrabot',
      bot,
      `${throughput.toFixed(2)} | ${p99.toFixed(2)} | ≥0.80, ≤1.25: ${met} | ${range(ratios.throughput.range)}, ${range(ratios.p99.range)} |`,
    ),
  );
  const perRequest = (runs: readonly number[]) => `${(median(runs) / requests).toFixed(0)} µs`;
  return [
    `${asked.label}: of ${warmup + rounds * requests} requests, infrabot started ${builds.started} builds, its dispatcher refused ${builds.refused}, and it wrote ${builds.audited} audit lines; its work was done ${slowestWork.toFixed(0)} ms after the last ack of a run at worst.`,
    `  CPU a request (median of the runs): bare Bolt ${perRequest(cpu.bare)}, infrabot ${perRequest(cpu.bot)} during the run and ${perRequest(cpu.botAfter)} after it; the work of ${workedDuringRuns.join(', ')} of the ${requests} requests of each run was done during it.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('slack-ack.bench.ts')) await run();
