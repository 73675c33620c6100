/**
 * The cost of planning fresh code: the time from a signed `/tf plan local/demo` to the Slack message updated
 * with the plan's summary, through `infrabot serve` on one machine (local runner, a stand-in terraform that
 * answers at once), against a bare script in the same run that does only the unavoidable steps: ask the origin
 * for the branch, check the commit out in a fresh worktree, run terraform version/init/plan/show, post and
 * update one Slack message. Before every round a new commit is pushed to the origin's `main`, and each side
 * must plan that commit. Target: a ratio of medians of at most 1.25.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitFiles, createRepos, git } from '../test/support/git-repo';
import { demoServeEnv } from '../test/support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../test/support/serve-slack';
import { defineBench } from './registry';

const rounds = 15;
/** Longer than the moment an answer of the origin is reused, so that every round asks it again. */
const pauseMs = 2_100;
const support = new URL('./support/', import.meta.url).pathname;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PATH with the instant terraform first. */
function standInPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'infrabot-bench-tf-'));
  copyFileSync(join(support, 'instant-terraform.sh'), join(dir, 'terraform'));
  return `${dir}:${process.env.PATH ?? ''}`;
}

interface BotRound {
  /** To the job's message: the ref asked of the origin, the job recorded and queued. */
  queuedMs: number;
  /** To the message updated with the summary. */
  totalMs: number;
}

/** One plan through the bot: from the signed command to the update that carries the summary of `sha`. */
async function botRound(bot: ServedBot, sha: string): Promise<BotRound> {
  const before = bot.slack.calls.length;
  let queuedAt: number | undefined;
  const summarized = () => {
    const calls = bot.slack.calls.slice(before);
    if (queuedAt === undefined && calls.some((call) => call.method === 'chat.postMessage')) {
      queuedAt = performance.now();
    }
    return calls.some(
      (call) =>
        call.method === 'chat.update' &&
        JSON.stringify(call.body).includes('tf_apply') &&
        JSON.stringify(call.body).includes(sha.slice(0, 7)),
    );
  };
  const started = performance.now();
  const response = await bot.command('plan local/demo', 'UAPPLIER');
  if (response.status !== 200) throw new Error(`the bot answered ${response.status}`);
  await bot.slack.waitFor(summarized, 30_000);
  const totalMs = performance.now() - started;
  return { queuedMs: (queuedAt ?? Number.NaN) - started, totalMs };
}

/** Median, min and max, rounded, after a label. */
function row(label: string, values: readonly number[]): Array<string | number> {
  return [label, ...[median(values), Math.min(...values), Math.max(...values)].map(Math.round)];
}

/** One plan by the bare script, in a fresh worktree of its own clone (run without blocking: Slack is served here). */
async function bareRound(clone: string, apiUrl: string, round: number, sha: string, env: NodeJS.ProcessEnv) {
  const worktree = join(mkdtempSync(join(tmpdir(), 'infrabot-bench-bare-')), `round-${round}`);
  const started = performance.now();
  const planned = await new Promise<string>((resolve, reject) => {
    execFile(join(support, 'bare-plan.sh'), [clone, worktree, apiUrl], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`the bare script failed: ${stderr}`)) : resolve(stdout.trim()),
    );
  });
  const ms = performance.now() - started;
  if (planned !== sha) throw new Error(`the bare script planned ${planned}, not ${sha}`);
  return ms;
}

export default defineBench({
  name: 'fresh-plan',
  async run() {
    const repos = createRepos({ 'stacks/demo/main.tf': 'resource "terraform_data" "web" {\n  input = "v1"\n}\n' });
    const bareClone = mkdtempSync(join(tmpdir(), 'infrabot-bench-bare-clone-'));
    git(bareClone, 'clone', '--quiet', repos.upstream, '.');
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-bench-serve-'));
    const env = { ...process.env, PATH: standInPath(), TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: '1' };
    const bot = await serveOverSlack((slackApiUrl) => ({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret }),
      PATH: env.PATH,
    }));
    const botMs: number[] = [];
    const queuedMs: number[] = [];
    const bareMs: number[] = [];
    try {
      // One round each first, untimed: the bot's first plan creates its state directories, both warm the disk.
      for (let round = -1; round < rounds; round += 1) {
        const sha = commitFiles(repos.upstream, { 'stacks/demo/round.txt': String(round) }, `round ${round}`);
        const bot1 = await botRound(bot, sha);
        const bare1 = await bareRound(bareClone, bot.slack.apiUrl, round, sha, env);
        if (round >= 0) {
          botMs.push(bot1.totalMs);
          queuedMs.push(bot1.queuedMs);
          bareMs.push(bare1);
        }
        await sleep(pauseMs);
      }
    } finally {
      await bot.stop();
    }
    const ratio = median(botMs) / median(bareMs);
    return [
      {
        title: `signed /tf plan to the summary in Slack, after a push to main (${rounds} rounds, medians)`,
        columns: ['', 'median ms', 'min ms', 'max ms'],
        rows: [
          row('infrabot serve', botMs),
          row('  of which to the job message (ref fetched, job queued)', queuedMs),
          row('bare script', bareMs),
        ],
        notes: [`ratio of medians ${ratio.toFixed(2)} (target at most 1.25): ${ratio <= 1.25 ? 'met' : 'NOT met'}`],
      },
    ];
  },
});
