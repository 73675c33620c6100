/**
 * Acknowledgement latency of `/tf help` and `/tf plan`: 500 signed requests at concurrency 50 against
 * infrabot's Bolt app, side by side with a bare Bolt app that only acks, each server in its own process.
 * Targets: at least 80 % of the bare app's throughput, and a p99 no worse than 1.25x the bare app's.
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
/** Runs of the load per server; each figure is its best over the runs, for both apps alike. */
const rounds = 5;
const signingSecret = 'bench-signing-secret';
const root = new URL('..', import.meta.url).pathname;

interface Run {
  latencies: number[];
  seconds: number;
  errors: number;
}

/** The best of each figure over a server's runs: a stall of the shared machine hits one run, not all of them. */
interface Best {
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
  const { child, match } = await startProcess(['bench/support/ack-server.ts', mode, stateDir, slack.api], /port=(\d+)/);
  return { child, port: Number(match[1]), respond: slack.respond };
}

interface Slack {
  api: string;
  respond: string;
}

function send(target: Target, agent: Agent, text: string, index: number): Promise<number> {
  const { port } = target;
  const body = slashCommandBody({
    text,
    trigger_id: `bench.${text}.${index}.${Math.random()}`,
    response_url: target.respond,
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
}

async function load(target: Target, text: string, count: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await send(target, agent, text, index).then(
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

function best(runs: readonly Run[]): Best {
  return {
    rate: Math.max(...runs.map(rate)),
    p50: Math.min(...runs.map((r) => percentile(r.latencies, 50))),
    p99: Math.min(...runs.map((r) => percentile(r.latencies, 99))),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** The lowest and highest of infrabot's ratios to the bare app over the rounds, each round against its twin. */
interface Spread {
  throughput: [number, number];
  p99: [number, number];
}

function spreadOf(runs: { bare: readonly Run[]; bot: readonly Run[] }): Spread {
  const pairs = runs.bot.map((bot, round) => [bot, runs.bare[round] as Run] as const);
  const throughputs = pairs.map(([bot, bare]) => rate(bot) / rate(bare));
  const p99s = pairs.map(([bot, bare]) => percentile(bot.latencies, 99) / percentile(bare.latencies, 99));
  return {
    throughput: [Math.min(...throughputs), Math.max(...throughputs)],
    p99: [Math.min(...p99s), Math.max(...p99s)],
  };
}

/**
 * Both servers, warmed up, then `rounds` runs of the load on each, taking turns so that a slow spell of the
 * shared machine falls on both alike; each figure is the best of its server's runs.
 */
async function measure(text: string, slack: Slack): Promise<{ bare: Best; bot: Best; spread: Spread }> {
  const servers = await Promise.all([startServer('bare', slack), startServer('bot', slack)]);
  try {
    const [bare, bot] = servers.map(({ child: _child, ...target }) => target) as [Target, Target];
    await load(bare, text, warmup);
    await load(bot, text, warmup);
    const runs: { bare: Run[]; bot: Run[] } = { bare: [], bot: [] };
    for (let round = 0; round < rounds; round++) {
      runs.bare.push(await load(bare, text, requests));
      runs.bot.push(await load(bot, text, requests));
    }
    return { bare: best(runs.bare), bot: best(runs.bot), spread: spreadOf(runs) };
  } finally {
    for (const server of servers) server.child.kill();
  }
}

const rate = (r: Run) => r.latencies.length / r.seconds;

export default async function run(): Promise<void> {
  console.log(
    `\n## Slack acknowledgement latency (${requests} signed requests, concurrency ${concurrency}, each figure the best of ${rounds} runs)\n`,
  );
  console.log(
    '| command | app | req/s | p50 ms | p99 ms | errors | throughput vs bare | p99 vs bare | targets | rounds: throughput, p99 vs bare |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  const standIn = await startProcess(['bench/support/slack-stand-in.ts'], /api=(\S+) respond=(\S+)/);
  const slack = { api: standIn.match[1] ?? '', respond: standIn.match[2] ?? '' };
  try {
    for (const text of ['help', 'plan aws/prod/network']) await compare(text, slack);
  } finally {
    standIn.child.kill();
  }
}

async function compare(text: string, slack: Slack): Promise<void> {
  const { bare, bot, spread } = await measure(text, slack);
  const throughput = bot.rate / bare.rate;
  const p99 = bot.p99 / bare.p99;
  const met = throughput >= 0.8 && p99 <= 1.25 && bot.errors === 0 ? 'met' : 'NOT met';
  const row = (app: string, r: Best, extra: string) =>
    `| /tf ${text.split(' ')[0]} | ${app} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${extra}`;
  const range = ([low, high]: [number, number]) => `${low.toFixed(2)}–${high.toFixed(2)}`;
  console.log(row('bare Bolt', bare, '1.00 | 1.00 | | |'));
  console.log(
    row(
      'infrabot',
      bot,
      `${throughput.toFixed(2)} | ${p99.toFixed(2)} | ≥0.80, ≤1.25: ${met} | ${range(spread.throughput)}, ${range(spread.p99)} |`,
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('slack-ack.bench.ts')) await run();
