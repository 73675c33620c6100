import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import type { Lock } from '../../core/locks/lock';
import { completeJob } from '../../core/usecases/complete-job';
import { keepJobLocks } from '../../core/usecases/keep-job-locks';
import { type startBot as StartBot, startBot } from '../support/bot-harness';

const minute = 60_000;
const stack = 'aws/prod/network';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), 'utf8');

type Bot = Awaited<ReturnType<typeof StartBot>>;
let bot: Bot | undefined;
let store: SqliteStore | undefined;

afterEach(async () => {
  await bot?.stop();
  store?.close();
  bot = undefined;
  store = undefined;
});

/** The SQLite store, with a hook that runs between an unlock's check and its removal (as a racing request would). */
class RacingStore extends SqliteStore {
  beforeCheckedRelease?: () => Promise<void>;
  override async releaseCheckedLock(checked: Lock): Promise<boolean> {
    await this.beforeCheckedRelease?.();
    return super.releaseCheckedLock(checked);
  }
}

async function started(current: Bot, userId: string): Promise<string> {
  const before = current.runner.started.length;
  await current.command(`plan ${stack}`, { user_id: userId });
  await current.recorder.waitFor(() => current.runner.started.length === before + 1);
  return current.runner.started[before]?.job.id ?? '';
}

async function finishPlan(current: Bot, jobId: string): Promise<void> {
  await current.artifacts.put(jobId, 'plan.json', fixture('real-1.2-mixed.json'));
  await current.artifacts.put(jobId, 'tfplan', 'saved plan');
  await completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, current.completion);
}

/** The audit entry of `action` on the stack, once written (it follows the reply). */
async function auditOf(current: SqliteStore, action: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const entry = (await current.listAudit({ limit: 10, target: stack })).find((line) => line.action === action);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

/** The text of the acknowledgement, or else of the last ephemeral reply. */
async function answer(current: Bot, response: Response): Promise<string> {
  const body = await response.text();
  if (body.trim() !== '') return (JSON.parse(body) as { text: string }).text;
  await current.recorder.waitFor((calls) => calls.some((call) => call.method === 'response_url'));
  const replies = current.recorder.calls.filter((call) => call.method === 'response_url');
  return String(replies.at(-1)?.body.text);
}

describe('stack locks over Slack', () => {
  it('keeps the lock of a job whose build waits longer than the lock first lasts, until the job ends', async () => {
    store = new SqliteStore(':memory:');
    bot = await startBot({ store });
    const jobId = await started(bot, 'UALICE');
    const { clock, runner } = bot;
    const { config } = bot.deps;

    // The build waits three hours in the runner's queue; the lock keeper runs every minute meanwhile.
    for (let elapsed = 0; elapsed < 180; elapsed++) {
      clock.advance(minute);
      await keepJobLocks({ config, store, clock, runner });
    }
    const refused = await answer(bot, await bot.command(`plan ${stack}`, { user_id: 'UBOB' }));
    await finishPlan(bot, jobId);
    const next = await started(bot, 'UBOB');

    expect(refused).toContain(`${stack} is locked by job ${jobId} (UALICE)`);
    expect(runner.started.map((spec) => spec.job.id)).toEqual([jobId, next]);
  });

  it('refuses /tf unlock of a stack whose job is running, naming the job and offering /tf cancel', async () => {
    store = new SqliteStore(':memory:');
    bot = await startBot({ store });
    const jobId = await started(bot, 'UALICE');

    const text = await answer(bot, await bot.command(`unlock ${stack}`, { user_id: 'UADMIN' }));

    expect(text).toContain(`${stack} is locked by job ${jobId} (plan requested by <@UALICE>), which is still running`);
    expect(text).toContain(`/tf cancel ${jobId}`);
    expect(bot.recorder.calls.filter((call) => call.method === 'response_url').at(-1)?.body.response_type).toBe(
      'ephemeral',
    );
    expect(await store.getLock(stack, bot.clock.now())).toMatchObject({ activeJobId: jobId });
    expect(await auditOf(store, 'tf.unlock')).toMatchObject({ outcome: 'refused', detail: `job ${jobId} is running` });
  });

  it('unlocks a stack whose lock outlived its job', async () => {
    store = new SqliteStore(':memory:');
    bot = await startBot({ store });
    const jobId = await started(bot, 'UALICE');
    // The job ended without its lock being released (the bot stopped in between).
    await store.transitionJob(jobId, 'failed', { finishedAt: bot.clock.now().toISOString(), reason: 'lost' });

    const text = await answer(bot, await bot.command(`unlock ${stack}`, { user_id: 'UALICE' }));

    expect(text).toContain(`${stack}\` is unlocked (it was held by job ${jobId} (UALICE))`);
    expect(await store.getLock(stack, bot.clock.now())).toBeUndefined();
  });

  it('leaves in place a lock taken by a new job while an unlock was removing the old one', async () => {
    const racing = new RacingStore(':memory:');
    store = racing;
    bot = await startBot({ store });
    const current = bot;
    const oldJob = await started(current, 'UALICE');
    await racing.transitionJob(oldJob, 'failed', { finishedAt: current.clock.now().toISOString(), reason: 'lost' });
    let newJob = '';
    racing.beforeCheckedRelease = async () => {
      racing.beforeCheckedRelease = undefined;
      // Meanwhile the old lock expires and Bob's plan takes the stack.
      current.clock.advance(71 * minute);
      newJob = await started(current, 'UBOB');
    };

    const text = await answer(current, await current.command(`unlock ${stack}`, { user_id: 'UALICE' }));

    expect(text).toContain(`the lock of ${stack} changed while it was being removed`);
    expect(newJob).not.toBe('');
    expect(await racing.getLock(stack, current.clock.now())).toMatchObject({
      owner: { kind: 'job', jobId: newJob },
      activeJobId: newJob,
    });
  });
});
