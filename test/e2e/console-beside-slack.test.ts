import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleSession, openConsole } from '../support/console-session';
import { tempDir } from '../support/git-repo';
import { eventually } from '../support/route-server';
import { demoServeEnv, startServe, terraformDemoRepo } from '../support/serve-process';
import { SlackApiRecorder } from '../support/slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';

const secret = 'e2e-signing-secret';

let child: ChildProcess | undefined;
let recorder: SlackApiRecorder | undefined;

afterEach(async () => {
  child?.kill('SIGTERM');
  await recorder?.stop();
});

/** Reads the console's live feed until it holds `wanted`; returns what it read. */
async function readFeedUntil(console: ConsoleSession, wanted: string): Promise<string> {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 60_000).unref();
  const response = await console.fetch('console/feed', { signal: controller.signal });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (reader && !text.includes(wanted)) {
    const read = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (read.done) break;
    text += decoder.decode(read.value);
  }
  controller.abort();
  return text;
}

/** Whether something accepts a TCP connection at `host`:`port`. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the operators’ console beside a Slack bot (INFRABOT_CONSOLE=1)', () => {
  it('refuses to start, naming the port, when the console’s port is taken', async () => {
    // Prepare: something already listens on the console's port
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    recorder = new SlackApiRecorder();
    await recorder.start();
    const dir = tempDir('e2e-beside-taken');

    // Act
    const starting = startServe({
      ...demoServeEnv({ dir, repoDir: dir, slackApiUrl: recorder.apiUrl, signingSecret: secret }),
      INFRABOT_CONSOLE: '1',
      INFRABOT_CONSOLE_PORT: String(port),
    });

    // Assess: the bot exits with one line saying what to change, and no stack trace
    await expect(starting).rejects.toThrow(
      `infrabot: serving the console on 127.0.0.1:${port}: the port is in use (set INFRABOT_CONSOLE_PORT to a free port)`,
    );
    await expect(starting).rejects.not.toThrow(/ at /);
    taken.close();
  }, 60_000);

  it('shows the bot’s Slack messages live, opens job pages without a signed link and the state at a glance, on loopback only, and takes no command', async () => {
    // Prepare: a configured Slack bot with the console beside it
    const repos = terraformDemoRepo();
    const dir = tempDir('e2e-beside');
    recorder = new SlackApiRecorder();
    await recorder.start();
    const started = await startServe({
      ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl: recorder.apiUrl, signingSecret: secret }),
      INFRABOT_CONSOLE: '1',
      INFRABOT_CONSOLE_PORT: '0',
    });
    child = started.child;
    const slackUrl = `http://127.0.0.1:${started.port}`;
    let address = '';
    await eventually(() => {
      address = /infrabot console beside Slack \(loopback only\): (http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]+)/.exec(
        started.output(),
      )?.[1] as string;
      expect(address).toBeDefined();
    });
    const console = await openConsole(address);

    // Act: with the console's feed open, someone plans from Slack
    const feedRead = readFeedUntil(console, 'data-action-id=\\"tf_apply\\"');
    const body = slashCommandBody({
      text: 'plan local/demo',
      user_id: 'UAPPLIER',
      response_url: recorder.responseUrl(),
    });
    await fetch(`${slackUrl}/slack/events`, { method: 'POST', headers: slackSignatureHeaders(body, secret), body });
    await recorder.waitFor(
      (calls) => calls.some((call) => call.method === 'chat.update' && JSON.stringify(call.body).includes('tf_apply')),
      60_000,
    );
    const jobId = /"planJobId\\":\\"(j-[a-z0-9-]+)/.exec(JSON.stringify(recorder.of('chat.update').at(-1)?.body))?.[1];

    // Assess: the console shows the job message as Slack draws it, updated to the plan's result
    expect(jobId).toBeDefined();
    const feed = await feedRead;
    expect(feed).toContain('data-action-id=\\"tf_apply\\"');
    expect(feed).toContain('<strong>Plan</strong> of <code>local/demo</code>');
    // It only watches: no picker, no command box, and a posted command is not taken
    const page = await (await console.fetch('')).text();
    expect(page).toContain('watching Slack');
    expect(page).not.toContain('placeholder="/tf');
    const posted = await console.fetch('console/command', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'UAPPLIER', text: '/tf apply local/demo' }),
    });
    expect(posted.status).toBe(404);
    // The job page opens without a signed link on the console, never on Slack's port
    const jobPage = await console.fetch(`jobs/${jobId}`);
    expect(jobPage.status).toBe(200);
    expect(await jobPage.text()).toContain('terraform_data.web');
    expect((await fetch(`${slackUrl}/jobs/${jobId}`)).status).toBe(404);
    // The state at a glance is on the console, never on Slack's port
    expect(await (await console.fetch('jobs')).text()).toContain(jobId);
    expect(await (await console.fetch('locks')).text()).toContain('No stack is locked.');
    expect(await (await console.fetch('audit')).text()).toContain('local/demo');
    expect((await fetch(`${slackUrl}/locks`)).status).toBe(404);
    // Loopback only: the machine's other addresses do not answer on the console's port
    const consolePort = Number(new URL(console.base).port);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === 'IPv4');
    for (const address of others) expect(await accepts(address?.address ?? '', consolePort)).toBe(false);
  }, 120_000);
});
