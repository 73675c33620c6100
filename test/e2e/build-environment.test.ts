import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/git-repo';
import { startServe, terraformDemoRepo, writeDemoConfig } from '../support/serve-process';
import { SlackApiRecorder } from '../support/slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';
import { readCalls, writeStandIns } from '../support/stand-ins';

const secret = 'e2e-signing-secret';
let child: ChildProcess | undefined;
let recorder: SlackApiRecorder | undefined;

afterEach(async () => {
  child?.kill('SIGTERM');
  await recorder?.stop();
});

describe('the environment of builds under infrabot serve', () => {
  it('gives terraform none of the bot’s secrets, tokens or store path', async () => {
    // Prepare: the bot holds its Slack and GitHub secrets (a token here: an App key would make serve look up the
    // App's installation at start; the local runner tests cover GITHUB_APP_PRIVATE_KEY); terraform is a stand-in
    // that records its environment
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-env');
    const bin = tempDir('e2e-env-bin');
    const record = writeStandIns(bin, ['terraform']);
    recorder = new SlackApiRecorder();
    await recorder.start();
    const started = await startServe({
      SLACK_SIGNING_SECRET: secret,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_API_URL: recorder.apiUrl,
      GITHUB_TOKEN: 'ghp_e2e-bot-token',
      GITHUB_WEBHOOK_SECRET: 'e2e-webhook-secret',
      PORT: '0',
      PATH: `${bin}:${process.env.PATH}`,
      INFRABOT_CONFIG: writeDemoConfig(dir, { repository: 'example-org/infra' }),
      INFRABOT_STATE: join(dir, 'state', 'state.db'),
      INFRABOT_REPO_DIR: repos.clone,
      INFRABOT_BUILD_ENV: 'STANDIN_*',
      STANDIN_RECORD: record,
    });
    child = started.child;
    const body = slashCommandBody({ text: 'plan local/demo', user_id: 'UALICE', response_url: recorder.responseUrl() });

    // Act
    await fetch(`http://127.0.0.1:${started.port}/slack/events`, {
      method: 'POST',
      headers: slackSignatureHeaders(body, secret),
      body,
    });
    await recorder.waitFor(
      (calls) => calls.some((call) => call.method === 'chat.update' && JSON.stringify(call.body).includes('succeeded')),
      60_000,
    );

    // Assess
    const calls = readCalls(record);
    expect(calls.map((call) => call.args.find((arg) => !arg.startsWith('-')))).toEqual([
      'init',
      'plan',
      'show',
      'show',
    ]);
    for (const call of calls) expect(call.env.BOT_SECRETS_SEEN).toBe('');
  }, 90_000);
});
