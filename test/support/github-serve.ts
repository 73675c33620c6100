import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import type { FakeGitHubApi } from '../fakes/fake-github-api';
import { tempDir } from './git-repo';
import { startServe } from './serve-process';

/** The repository of GitHub's example deliveries (`@octokit/webhooks-examples`). */
export const exampleRepository = 'Codertocat/Hello-World';

/** Sends signed webhook deliveries to `url`, each with its own delivery id. */
export function webhookSender(url: string, secret: string) {
  let deliveries = 0;
  return (event: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': `delivery-${++deliveries}`,
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });
  };
}

/** Declares on the fake API the open PR 1 of the example repository at `headSha`, changing `files`. */
export function openExamplePull(api: FakeGitHubApi, headSha: string, files: readonly string[], author = 'Codertocat') {
  api.addWritersPull(1, { repository: exampleRepository, login: author, headSha, files: [...files] });
  api.permissions.set('Codertocat', { permission: 'write', role_name: 'write' });
}

/**
 * Starts `infrabot serve` with GitHub on the fake API (a token, the webhook secret), the configuration at
 * `configPath` and the clone `repoDir`; returns the process, its port, and a sender of signed deliveries.
 */
export async function startGitHubServe(options: {
  apiUrl: string;
  configPath: string;
  repoDir: string;
  secret: string;
}) {
  const dir = tempDir('gh-serve');
  const started = await startServe({
    SLACK_SIGNING_SECRET: 'unused',
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_API_URL: `${options.apiUrl}/slack/`,
    PORT: '0',
    INFRABOT_CONFIG: options.configPath,
    INFRABOT_STATE: join(dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: options.repoDir,
    GITHUB_TOKEN: 'ghp_e2e',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_WEBHOOK_SECRET: options.secret,
    TF_CLI_CONFIG_FILE: '/dev/null',
    CHECKPOINT_DISABLE: '1',
  });
  const deliver = webhookSender(`http://127.0.0.1:${started.port}/github/webhook`, options.secret);
  return { ...started, deliver };
}
