import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { completeJob } from '../../core/usecases/complete-job';
import { testConfig } from '../fixtures/config';
import { startBot } from '../support/bot-harness';
import { eventually } from '../support/route-server';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), 'utf8');
type Bot = Awaited<ReturnType<typeof startBot>>;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

async function finishPlan(current: Bot, jobId: string): Promise<void> {
  await current.artifacts.put(jobId, 'plan.json', fixture('real-1.2-mixed.json'));
  await current.artifacts.put(jobId, 'tfplan', 'saved plan');
  await current.artifacts.put(jobId, 'plan.txt', fixture('real-1.2-mixed.txt'));
  await completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, current.completion);
}

/** dns depends on network; both are planned by UAPPLIER, then `/tf apply aws/prod/network aws/prod/dns`. */
async function applyingInOrder(): Promise<Bot> {
  const config = testConfig();
  const [network, dns] = config.stacks;
  if (!network || !dns) throw new Error('two stacks expected');
  const current = await startBot({ config: { ...config, stacks: [network, { ...dns, dependsOn: [network.name] }] } });
  bot = current;
  for (const stack of ['aws/prod/network', 'aws/prod/dns']) {
    const before = current.runner.started.length;
    await current.command(`plan ${stack}`, { user_id: 'UAPPLIER' });
    await current.recorder.waitFor(() => current.runner.started.length === before + 1);
    await finishPlan(current, current.runner.started[before]?.job.id ?? '');
  }
  await current.command('apply aws/prod/network aws/prod/dns', { user_id: 'UAPPLIER' });
  await current.recorder.waitFor(() => current.runner.started.length === 3);
  await eventually(async () => expect((await dnsApply(current))?.status).toBe('waiting'));
  return current;
}

const dnsApply = async (current: Bot) =>
  (await current.store.listJobs({ stack: 'aws/prod/dns', action: 'apply', limit: 1 }))[0];
const finishNetworkApply = (current: Bot) => {
  const jobId = current.runner.started[2]?.job.id ?? '';
  return completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, current.completion);
};
const lastUpdate = (current: Bot) => JSON.stringify(current.recorder.of('chat.update').at(-1)?.body);

describe('applies in dependency order whose next build cannot start, under the in-process dispatcher', () => {
  it('stops the waiting apply when its plan made again cannot start, and says why in its message', async () => {
    const current = await applyingInOrder();

    current.runner.failStartWith = new Error('no build capacity');
    await finishNetworkApply(current);

    expect(await dnsApply(current)).toMatchObject({
      status: 'cancelled',
      reason: expect.stringMatching(/^not applied: planning aws\/prod\/dns again \(j-\S+\) failed: could not start/),
    });
    await eventually(() => expect(lastUpdate(current)).toContain('no build capacity'));
    expect(await current.store.getLock('aws/prod/dns', current.clock.now())).toBeUndefined();
  });

  it('fails the apply whose own build cannot start, says why in its message and frees the stack', async () => {
    const current = await applyingInOrder();
    await finishNetworkApply(current);
    await current.recorder.waitFor(() => current.runner.started.length === 4);

    current.runner.failStartWith = new Error('no build capacity');
    await finishPlan(current, current.runner.started[3]?.job.id ?? '');

    expect(await dnsApply(current)).toMatchObject({
      status: 'failed',
      reason: 'could not start the build: no build capacity',
    });
    await eventually(() => expect(lastUpdate(current)).toContain('no build capacity'));
    expect(await current.store.getLock('aws/prod/dns', current.clock.now())).toBeUndefined();
  });
});
