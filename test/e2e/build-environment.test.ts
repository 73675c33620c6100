import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/git-repo';
import { standInServeEnv, standInTerraform, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { readCalls } from '../support/stand-ins';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('the environment of builds under infrabot serve', () => {
  it('gives terraform none of the bot’s secrets, tokens or store path', async () => {
    // Prepare: the bot holds its Slack and GitHub secrets (a token here: an App key would make serve look up the
    // App's installation at start; the local runner tests cover GITHUB_APP_PRIVATE_KEY); terraform is a stand-in
    // that records its environment
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-env');
    const terraform = standInTerraform();
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      GITHUB_TOKEN: 'ghp_e2e-bot-token',
      GITHUB_WEBHOOK_SECRET: 'e2e-webhook-secret',
    }));
    bot = served;

    // Act
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 60_000);

    // Assess
    const calls = readCalls(terraform.record);
    expect(calls.map((call) => call.args.find((arg) => !arg.startsWith('-')))).toEqual([
      'init',
      'plan',
      'show',
      'show',
    ]);
    for (const call of calls) expect(call.env.BOT_SECRETS_SEEN).toBe('');
  }, 90_000);

  it('keeps a build’s temporary files in its own scratch, which no other build sees and which goes with it', async () => {
    // Prepare: the planned code makes a temporary file the usual way
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-tmp');
    const seen = join(tempDir('e2e-tmp-seen'), 'seen.txt');
    const served = await serveOverSlack((slackApiUrl) => ({
      ...standInServeEnv({ dir, repoDir: repos.clone, slackApiUrl, terraform: standInTerraform() }),
      SLACK_SIGNING_SECRET: e2eSigningSecret,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      TMPDIR: '/tmp',
      STANDIN_SEEN: seen,
      STANDIN_RUN_PLAN: 'mktemp >> "$STANDIN_SEEN"',
    }));
    bot = served;

    // Act
    await served.command('plan local/demo', 'UALICE');
    await served.slack.waitFor(() => served.updates().some((update) => update.includes('succeeded')), 60_000);

    // Assess: the file was made in the job's scratch, not in the machine's /tmp
    const [made] = readFileSync(seen, 'utf8').trim().split('\n');
    expect(made).toMatch(new RegExp(`^${join(dir, 'state', 'scratch')}/j-[\\w-]+/tmp/tmp\\.\\w+$`));
  }, 90_000);
});
