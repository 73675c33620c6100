import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's chromium (installed by .ci/run when missing); never a downloaded browser. */
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** A headless Chromium; fails with how to install it when the machine has none. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!executablePath) throw new Error('no chromium on this machine: apt-get install -y chromium (as .ci/run does)');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}
