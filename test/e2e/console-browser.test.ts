import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { tempDir } from '../support/git-repo';

const root = new URL('../..', import.meta.url).pathname;

/**
 * `npm start` as a newcomer runs it: nothing of Slack, no repository; resolves with the console's printed address
 * (with its key) and its base URL.
 */
async function startNewcomerServe(stateDir: string): Promise<{ child: ChildProcess; address: string; url: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SLACK_') && !name.startsWith('INFRABOT_')),
  );
  const child = spawn(process.execPath, ['bin/infrabot.mjs', 'serve'], {
    cwd: root,
    env: {
      ...env,
      PORT: '0',
      INFRABOT_STATE: join(stateDir, 'state.db'),
      TF_CLI_CONFIG_FILE: '/dev/null',
      CHECKPOINT_DISABLE: '1',
    },
  });
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /infrabot console: (http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return { child, address, url: new URL('/', address).href };
}

async function send(page: Page, text: string): Promise<void> {
  await page.type('input[placeholder="/tf …"]', text);
  await page.keyboard.press('Enter');
}

/** Clicks the message's Apply button and confirms in its dialog. */
async function applyAndConfirm(page: Page): Promise<void> {
  await page.click('.message button[data-action-id="tf_apply"]');
  await page.waitForSelector('dialog[open] .confirm-button');
  await page.click('dialog[open] .confirm-button');
}

async function waitForText(page: Page, text: string, timeout = 90_000): Promise<void> {
  await page.waitForFunction((wanted: string) => document.body.innerText.includes(wanted), { timeout }, text);
}

describe('the console in a browser, as a newcomer meets it', () => {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;

  afterEach(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
  });

  it('plans demo/app with real terraform, refuses the developer, applies for the applier, and shows the log', async () => {
    // Prepare
    const started = await startNewcomerServe(tempDir('console'));
    child = started.child;
    browser = await launchChromium();
    const page = await browser.newPage();
    const violations: string[] = [];
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`csp-violation ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    page.on('console', (message) => {
      if (message.text().startsWith('csp-violation')) violations.push(message.text());
    });
    // Without the printed address's key, the console shows nothing
    expect((await fetch(started.url)).status).toBe(401);
    const response = await page.goto(started.address);
    expect(page.url()).toBe(started.url);
    expect(response?.headers()).toMatchObject({
      'content-security-policy': expect.stringMatching(
        /script-src 'nonce-[^']+'; style-src 'nonce-[^']+'.*frame-ancestors 'none'/,
      ),
      'x-content-type-options': 'nosniff',
    });

    // Act: plan as Ada, the applier
    await page.select('#user', 'UDEMOADA');
    await send(page, '/tf plan demo/app');

    // Assess: the plan's summary from real terraform, with an Apply button
    await waitForText(page, 'Plan of demo/app');
    await waitForText(page, '3 to');
    await page.waitForSelector('.message button[data-action-id="tf_apply"]');

    // Act: Dev, a developer, tries to apply
    await page.select('#user', 'UDEMODEV');
    await applyAndConfirm(page);

    // Assess: refused, as in Slack, and shown to Dev alone
    await waitForText(page, 'only the appliers of demo/app may apply it');

    // Act: Ada applies
    await page.select('#user', 'UDEMOADA');
    await applyAndConfirm(page);

    // Assess: the apply succeeds, and its job page has the log
    await waitForText(page, 'Apply of demo/app');
    await page.waitForFunction(
      () =>
        Array.from(
          document.querySelectorAll('.message') as ArrayLike<{
            textContent: string | null;
            querySelector(selector: string): { href: string } | null;
          }>,
        ).some((node) => /Apply of demo\/app.*succeeded/s.test(node.textContent ?? '')),
      { timeout: 90_000 },
    );
    const jobLink = await page.evaluate(() => {
      const messages = Array.from(
        document.querySelectorAll('.message') as ArrayLike<{
          textContent: string | null;
          querySelector(selector: string): { href: string } | null;
        }>,
      ).filter((node) => /Apply of/.test(node.textContent ?? ''));
      return messages.at(-1)?.querySelector('a[href*="/jobs/"]')?.href;
    });
    expect(jobLink).toMatch(/\/jobs\/j-/);
    await page.goto(jobLink ?? '');
    await waitForText(page, 'Apply complete!');
    expect(await page.evaluate(() => document.body.innerText)).toContain('apply of demo/app · succeeded');

    // Assess: the state at a glance, from the console's header
    const applyId = /\/jobs\/(j-[\w-]+)/.exec(jobLink ?? '')?.[1] ?? '';
    await page.goto(started.url);
    await Promise.all([page.waitForNavigation(), page.click('header a[href="/jobs"]')]);
    await page.select('select[name="status"]', 'succeeded');
    await Promise.all([page.waitForNavigation(), page.click('form button')]);
    expect(await page.evaluate(() => document.body.innerText)).toContain(applyId);
    await page.goto(`${started.url}audit`);
    expect(await page.evaluate(() => document.body.innerText)).toMatch(
      /UDEMODEV via slack\s+tf\.apply\s+demo\/app\s+refused/,
    );
    await page.goto(`${started.url}locks`);
    expect(await page.evaluate(() => document.body.innerText)).toContain('No stack is locked.');
    // Assess: the console, the job page and the state pages ran under their Content-Security-Policy untouched
    expect(violations).toEqual([]);
  }, 240_000);
});
