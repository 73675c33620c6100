import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readEventLines } from '../support/interruptible-terraform';
import { type ServedBot, serveOverSlack } from '../support/serve-slack';
import { repliesOf, standInServeEnv, waitForEvent } from '../support/serve-with-stand-in';

let bot: ServedBot | undefined;

/** The pids of the build drivers `parentPid` started that wait for a build (`infrabot build-driver --wait`). */
function waitingDrivers(parentPid: number | undefined): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return parent === parentPid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('build-driver\0--wait');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Polls `check` until it holds. */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether the process `pid` still runs (a zombie, ended but not reaped, does not). */
function runs(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Kills the bot with SIGKILL, as a crash would, and starts it again over the same state and Slack recorder. */
async function crashAndRestart(first: ServedBot, envFor: Parameters<typeof serveOverSlack>[0]): Promise<ServedBot> {
  const died = new Promise((resolve) => first.child.once('exit', resolve));
  first.child.kill('SIGKILL');
  await died;
  bot = await serveOverSlack(envFor, { recorder: first.slack });
  return bot;
}

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('infrabot serve after a crash', () => {
  it('keeps the stack locked while the orphaned plan runs, then reports it and releases the lock', async () => {
    // Prepare: a plan the stand-in takes 10 s over
    const setup = standInServeEnv({ slow: 'plan', slowSeconds: 10 });
    const first = await serveOverSlack(setup.envFor);
    await first.command('plan local/demo', 'UAPPLIER');
    await waitForEvent(setup.events, 'start plan');

    // Act: kill -9 the bot, start it again over the same state
    const restarted = await crashAndRestart(first, setup.envFor);
    const ack = await restarted.command('plan local/demo', 'UAPPLIER');
    const answer = `${JSON.stringify(await ack.json().catch(() => ({})))}\n${repliesOf(restarted)}`;

    // Assess: the orphaned terraform still runs, and the stack stays locked by its job
    expect(readEventLines(setup.events)).not.toContain('end plan');
    expect(answer).toContain('local/demo is locked');

    // Act: the orphaned plan ends
    await waitForEvent(setup.events, 'end plan', 30_000);
    await restarted.slack.waitFor(
      () => restarted.updates().some((update) => update.includes('*Plan*') && update.includes('succeeded')),
      30_000,
    );

    // Assess: its job is reported from what it left on disk, and the lock is released
    const reported = restarted.updates().find((update) => update.includes('succeeded')) ?? '';
    expect(reported).toContain('Plan: 2 to add, 2 to change, 0 to destroy.');
    expect(readEventLines(setup.events).filter((event) => event.startsWith('start plan'))).toHaveLength(1);
    const locks = await restarted.command('locks', 'UAPPLIER');
    expect(JSON.stringify(await locks.json())).toContain('No stack is locked.');
  }, 120_000);

  it('stops the orphaned plan at the deadline its build started with, not a full timeout after the restart', async () => {
    // Prepare: a plan the stand-in would take 60 s over, under a 12 s job timeout
    const setup = standInServeEnv({ slow: 'plan', slowSeconds: 60, timeout: '12s' });
    const first = await serveOverSlack(setup.envFor);
    await first.command('plan local/demo', 'UAPPLIER');
    await waitForEvent(setup.events, 'start plan');
    const planStarted = Date.now();

    // Act: 5 s into the plan, kill -9 the bot and start it again over the same state
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const restarted = await crashAndRestart(first, setup.envFor);
    await waitForEvent(setup.events, 'interrupted plan', 30_000);
    const interruptedAfter = Date.now() - planStarted;

    // Assess: interrupted about 12 s after its build started (not 5 s + 12 s), and reported as timed out
    expect(interruptedAfter).toBeLessThan(15_000);
    await restarted.slack.waitFor(
      () => restarted.updates().some((update) => update.includes('ran longer than its timeout of 12s')),
      30_000,
    );
  }, 120_000);

  it('keeps following a plan run by the driver that was waiting before it, and ends a waiting driver with the bot', async () => {
    // Prepare: a plan the stand-in takes 5 s over, asked once the bot's spare driver waits
    const setup = standInServeEnv({ slow: 'plan', slowSeconds: 5 });
    const first = await serveOverSlack(setup.envFor);
    await until(() => waitingDrivers(first.child.pid).length === 1, 'the bot has a driver waiting');
    const [spare] = waitingDrivers(first.child.pid);
    await first.command('plan local/demo', 'UAPPLIER');
    await waitForEvent(setup.events, 'start plan');

    // Act: kill -9 the bot while the plan runs, start it again over the same state
    const restarted = await crashAndRestart(first, setup.envFor);

    // Assess: the plan ran in the driver that waited, which outlived the bot, and is reported when it ends
    expect(spare !== undefined && runs(spare)).toBe(true);
    await restarted.slack.waitFor(
      () => restarted.updates().some((update) => update.includes('*Plan*') && update.includes('succeeded')),
      30_000,
    );
    expect(readEventLines(setup.events).filter((event) => event.startsWith('end plan'))).toHaveLength(1);

    // Act: kill -9 the restarted bot while its own driver waits for a build
    await until(() => waitingDrivers(restarted.child.pid).length === 1, 'the restarted bot has a driver waiting');
    const [waiting] = waitingDrivers(restarted.child.pid);
    restarted.child.kill('SIGKILL');

    // Assess: the waiting driver ends with it, having run nothing
    await until(() => waiting !== undefined && !runs(waiting), 'the waiting driver has ended');
  }, 120_000);
});
