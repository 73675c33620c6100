import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, startServe, terraformDemoRepo } from '../support/serve-process';
import { SlackApiRecorder } from '../support/slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';

const secret = 'e2e-signing-secret';
const publicUrl = 'https://infrabot.example.test';
const pageLink = /https:\/\/infrabot\.example\.test(\/jobs\/j-[a-z0-9-]+)\?exp=(\d+)&sig=([A-Za-z0-9_-]+)/;

let child: ChildProcess | undefined;
let recorder: SlackApiRecorder | undefined;

afterEach(async () => {
  child?.kill('SIGTERM');
  await recorder?.stop();
});

describe('job pages of infrabot serve', () => {
  it('links the job message to a signed page on INFRABOT_PUBLIC_URL that shows the log, and 404s an altered link', async () => {
    // Prepare
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-pages');
    recorder = new SlackApiRecorder();
    await recorder.start();
    const started = await startServe({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl: recorder.apiUrl, signingSecret: secret }),
      INFRABOT_PUBLIC_URL: publicUrl,
    });
    child = started.child;
    const local = `http://127.0.0.1:${started.port}`;
    const body = slashCommandBody({
      text: 'plan local/demo',
      user_id: 'UAPPLIER',
      response_url: recorder.responseUrl(),
    });
    await fetch(`${local}/slack/events`, { method: 'POST', headers: slackSignatureHeaders(body, secret), body });
    await recorder.waitFor(
      (calls) => calls.some((call) => call.method === 'chat.update' && JSON.stringify(call.body).includes('tf_apply')),
      60_000,
    );
    const message = JSON.stringify(recorder.of('chat.update').at(-1)?.body);
    const [, path, exp, sig] = pageLink.exec(message) ?? [];
    expect(path).toBeDefined();

    // Act
    const page = await fetch(`${local}${path}?exp=${exp}&sig=${sig}`);
    const altered = await fetch(`${local}${path}?exp=${exp}&sig=${sig?.slice(0, -2)}AA`);
    const stretched = await fetch(`${local}${path}?exp=${Number(exp) + 86_400}&sig=${sig}`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('plan of local/demo');
    expect(html).toContain('terraform_data.web');
    expect(html).toMatch(/Plan: 2 to add, 0 to change, 0 to destroy/);
    expect(altered.status).toBe(404);
    expect(await altered.text()).not.toContain('local/demo');
    expect(stretched.status).toBe(404);
  }, 120_000);
});
