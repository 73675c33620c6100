/**
 * End-to-end plan latency: from a signed `/tf plan` to the Slack message updated with the plan's summary, through
 * `infrabot serve` (local runner, a real origin repository, a stand-in terraform that answers at once), against
 * a bare script doing only the unavoidable steps: ask the origin for the branch, check the commit out in a fresh
 * worktree, run terraform version/init/plan/show, post and update one Slack message. Before every round a new
 * commit lands on the origin's `main`, and both must plan it, so the bot's fetch is in every figure.
 * Target: the bot's median at most 1.25x the script's.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { commitFiles, createRepos, tempDir } from '../test/support/git-repo';
import { startServe, writeDemoConfig } from '../test/support/serve-process';
import { SlackApiRecorder } from '../test/support/slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from '../test/support/slack-signing';
import { writeStandIns } from '../test/support/stand-ins';
import { type BenchTable, defineBench } from './registry';

const run = promisify(execFile);
const rounds = 12;
const warmup = 2;
const target = 1.25;
const signingSecret = 'bench-signing-secret';
/** The bot shares an answer of the remote for 2 s; rounds are spaced further apart so that each one fetches. */
const roundSpacingMs = 2_100;

interface World {
  repos: ReturnType<typeof createRepos>;
  env: NodeJS.ProcessEnv;
  slack: SlackApiRecorder;
  scratch: string;
}

async function prepare(): Promise<World> {
  const repos = createRepos({ 'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "v1"\n}\n' });
  const scratch = tempDir('bench-plan');
  const bin = join(scratch, 'bin');
  mkdirSync(bin);
  const record = writeStandIns(bin, ['terraform']);
  const env = {
    ...process.env,
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    STANDIN_RECORD: record,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
  };
  const slack = new SlackApiRecorder();
  await slack.start();
  return { repos, env, slack, scratch };
}

/** The unavoidable steps, one after another, as a bare script would run them. */
async function bareRound(world: World, round: number): Promise<number> {
  const { clone } = world.repos;
  const worktree = join(world.scratch, `bare-${round}`);
  const options = { env: world.env };
  const started = performance.now();
  await run('git', [
    '-C',
    clone,
    'fetch',
    '--quiet',
    '--no-tags',
    'origin',
    '+refs/heads/main:refs/remotes/origin/main',
  ]);
  const sha = (await run('git', ['-C', clone, 'rev-parse', 'origin/main'])).stdout.trim();
  await run('git', ['-C', clone, 'worktree', 'add', '--detach', '--quiet', worktree, sha]);
  const chdir = `-chdir=${join(worktree, 'stacks/demo')}`;
  await run('terraform', ['version'], options);
  await run('terraform', [chdir, 'init', '-input=false', '-no-color'], options);
  const planArgs = [chdir, 'plan', '-input=false', '-out=tfplan', '-detailed-exitcode', '-no-color'];
  await run('terraform', planArgs, options).catch((error: { code?: number }) => {
    if (error.code !== 2) throw error; // 2: the plan has changes
  });
  await run('terraform', [chdir, 'show', '-json', 'tfplan'], options);
  const posted = await slackCall(world, 'chat.postMessage', { channel: 'C1', text: `plan at ${sha}` });
  await slackCall(world, 'chat.update', { channel: 'C1', ts: posted.ts, text: `plan at ${sha}: no changes` });
  const ms = performance.now() - started;
  await run('git', ['-C', clone, 'worktree', 'remove', '--force', worktree]);
  return ms;
}

async function slackCall(world: World, method: string, body: Record<string, unknown>): Promise<{ ts?: string }> {
  const response = await fetch(`${world.slack.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-bench' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { ts?: string };
}

/** One signed `/tf plan` to `infrabot serve`, until the message shows the finished plan of `sha`. */
async function botRound(world: World, events: string, sha: string): Promise<number> {
  world.slack.calls.splice(0);
  const body = slashCommandBody({
    text: 'plan local/demo',
    user_id: 'UBENCH',
    response_url: world.slack.responseUrl(),
  });
  const started = performance.now();
  const response = await fetch(events, { method: 'POST', headers: slackSignatureHeaders(body, signingSecret), body });
  if (response.status !== 200) throw new Error(`the bot answered ${response.status}`);
  await world.slack.waitFor(
    (calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.update' &&
          JSON.stringify(call.body).includes(sha.slice(0, 8)) &&
          JSON.stringify(call.body).includes('succeeded'),
      ),
    30_000,
  );
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const row = (name: string, runs: readonly number[], ratio: string): Array<string | number> => [
  name,
  median(runs).toFixed(0),
  Math.min(...runs).toFixed(0),
  Math.max(...runs).toFixed(0),
  ratio,
];

async function measure(): Promise<{ bare: number[]; bot: number[] }> {
  const world = await prepare();
  const dir = join(world.scratch, 'serve');
  mkdirSync(dir);
  const served = await startServe({
    ...(world.env as Record<string, string>),
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: world.slack.apiUrl,
    PORT: '0',
    INFRABOT_CONFIG: writeDemoConfig(dir, { repository: 'example-org/infra' }),
    INFRABOT_STATE: join(dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: world.repos.clone,
  });
  const events = `http://127.0.0.1:${served.port}/slack/events`;
  const runs = { bare: [] as number[], bot: [] as number[] };
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      const roundStarted = performance.now();
      const sha = commitFiles(world.repos.upstream, { 'stacks/demo/round.txt': String(round) }, `round ${round}`);
      // Interleaved, and in turn first, so that a slow spell of the shared machine falls on both alike.
      const bare = round % 2 === 0 ? await bareRound(world, round) : undefined;
      const bot = await botRound(world, events, sha);
      const bareAfter = bare ?? (await bareRound(world, round));
      if (round >= warmup) {
        runs.bare.push(bareAfter);
        runs.bot.push(bot);
      }
      const left = roundSpacingMs - (performance.now() - roundStarted);
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
  } finally {
    served.child.kill('SIGTERM');
    await world.slack.stop();
    rmSync(world.scratch, { recursive: true, force: true });
  }
  return runs;
}

export default defineBench({
  name: 'plan latency',
  async run(): Promise<BenchTable[]> {
    const { bare, bot } = await measure();
    const ratio = median(bot) / median(bare);
    return [
      {
        title: `From a signed /tf plan to the Slack message updated with the summary (${rounds} rounds, ms)`,
        columns: ['path', 'median', 'min', 'max', 'ratio of medians'],
        rows: [row('bare script', bare, '1.00'), row('infrabot serve', bot, ratio.toFixed(2))],
        notes: [`target ≤ ${target}x the bare script: ${ratio <= target ? 'met' : 'NOT met'}`],
      },
    ];
  },
});
