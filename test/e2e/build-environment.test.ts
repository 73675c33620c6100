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
});
