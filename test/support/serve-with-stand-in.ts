import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRepos, tempDir } from './git-repo';
import { readEventLines, writeInterruptibleTerraform } from './interruptible-terraform';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from './serve-slack';
import { buttonClickBody } from './slack-signing';

const planWithChanges = new URL('../fixtures/plans/safe-plan.json', import.meta.url).pathname;

/** What `startBotWithStandIn` sets up: the stacks, the stand-in's events, and the environment it served with. */
export interface StandInSetup {
  /** `infrabot serve`'s environment, to start it again over the same state. */
  env: Record<string, string>;
  /** The stand-in terraform's events file (see interruptible-terraform.ts). */
  events: string;
  dir: string;
}

/**
 * The environment of `infrabot serve` over two stacks (`local/demo`, `local/other`), with the interruptible
 * stand-in terraform first on PATH: UADMIN is an admin, UAPPLIER and UADMIN may apply. `slow` is the subcommand
 * that runs until interrupted (or for `slowSeconds`).
 */
export function standInServeEnv(options: {
  slow: 'plan' | 'apply';
  slowSeconds?: number;
  interruptSeconds?: number;
  concurrency?: number;
  /** `jobs.timeout` (default 1h). */
  timeout?: string;
}): StandInSetup & { envFor: (slackApiUrl: string) => Record<string, string> } {
  const repos = createRepos({ 'stacks/demo/main.tf': '', 'stacks/other/main.tf': '' });
  const dir = tempDir('e2e-stop');
  const bin = tempDir('e2e-stop-bin');
  const events = writeInterruptibleTerraform(bin);
  // Beside the stand-in: builds do not see the bot's working directory (the checkout).
  const planJson = join(bin, 'plan.json');
  copyFileSync(planWithChanges, planJson);
  const stack = (name: string) => [
    `  - name: local/${name}`,
    `    dir: stacks/${name}`,
    '    provider: aws',
    '    roles:',
    '      plan: arn:aws:iam::123456789012:role/infrabot-plan',
    '      apply: arn:aws:iam::123456789012:role/infrabot-apply',
    '    appliers: [UAPPLIER, UADMIN]',
  ];
  const config = join(dir, 'infrabot.yaml');
  writeFileSync(
    config,
    [
      'repository: example-org/infra',
      'admins: [UADMIN]',
      'jobs:',
      '  stopGrace: 30s',
      ...(options.timeout === undefined ? [] : [`  timeout: ${options.timeout}`]),
      `  concurrency: ${options.concurrency ?? 4}`,
      'stacks:',
      ...stack('demo'),
      ...stack('other'),
    ].join('\n'),
  );
  const base = {
    SLACK_SIGNING_SECRET: e2eSigningSecret,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    PORT: '0',
    INFRABOT_CONFIG: config,
    INFRABOT_STATE: join(dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: repos.clone,
    INFRABOT_BUILD_ENV: 'STANDIN_*',
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    STANDIN_EVENTS: events,
    STANDIN_SLOW: options.slow,
    STANDIN_SLOW_SECONDS: String(options.slowSeconds ?? 60),
    STANDIN_INT_SECONDS: String(options.interruptSeconds ?? 1),
    STANDIN_PLAN_JSON: planJson,
  };
  const envFor = (slackApiUrl: string) => ({ ...base, SLACK_API_URL: slackApiUrl });
  return { env: base, events, dir, envFor };
}

/** Starts `infrabot serve` with the stand-in (see `standInServeEnv`). */
export async function serveWithStandIn(options: Parameters<typeof standInServeEnv>[0]) {
  const setup = standInServeEnv(options);
  const served = await serveOverSlack(setup.envFor);
  return { ...setup, served };
}

/** Waits until the stand-in recorded `line` (a prefix, e.g. `start apply`). */
export async function waitForEvent(events: string, line: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!readEventLines(events).some((event) => event.startsWith(line))) {
    if (Date.now() > deadline) throw new Error(`no "${line}" in ${JSON.stringify(readEventLines(events))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The ids of the jobs the bot posted messages about, in order. */
export function postedJobIds(served: ServedBot): string[] {
  const ids = served.slack
    .of('chat.postMessage')
    .map((call) => /job `(j-[a-z0-9]+-[a-z0-9]+)`/.exec(JSON.stringify(call.body))?.[1] ?? '');
  return ids.filter(Boolean);
}

/** Clicks a button whose value is a job id (Stop apply) as `userId`. */
export function clickJobButton(served: ServedBot, actionId: string, jobId: string, userId: string) {
  return served.send(
    buttonClickBody({ actionId, value: jobId, user_id: userId, response_url: served.slack.responseUrl() }),
  );
}

/** Every reply through response_url so far, joined. */
export function repliesOf(served: ServedBot): string {
  return served.slack
    .of('response_url')
    .map((call) => JSON.stringify(call.body))
    .join('\n');
}
