import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { completeJob } from '../../core/usecases/complete-job';
import { testConfig } from '../fixtures/config';
import { sshOpenedPlan } from '../fixtures/drift-plans';
import { startBot } from '../support/bot-harness';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), 'utf8');
const stack = 'aws/prod/network';

type Bot = Awaited<ReturnType<typeof startBot>>;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** The bot with drift checks reporting to C0DRIFT. */
function botWithDrift(): Promise<Bot> {
  return startBot({ config: testConfig({ drift: { channel: 'C0DRIFT' } }) });
}

/** Ends the build of `jobId` as a successful plan whose plan JSON is `planJson`. */
async function finish(current: Bot, jobId: string, planJson: string): Promise<void> {
  await current.artifacts.put(jobId, 'plan.json', planJson);
  await current.artifacts.put(jobId, 'tfplan', 'saved plan');
  await current.artifacts.put(jobId, 'plan.txt', fixture('real-1.2-mixed.txt'));
  current.clock.advance(60_000);
  await completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, current.completion);
}

/** Sends `/tf <text>` as `userId`, waits for the build it starts and ends it with `planJson`; returns its job id. */
async function planned(current: Bot, text: string, userId: string, planJson: string): Promise<string> {
  const before = current.runner.started.length;
  await current.command(text, { user_id: userId });
  await current.recorder.waitFor(() => current.runner.started.length === before + 1);
  const jobId = current.runner.started[before]?.job.id ?? '';
  await finish(current, jobId, planJson);
  return jobId;
}

const userPlan = (current: Bot) => planned(current, `plan ${stack}`, 'UAPPLIER', fixture('real-1.2-mixed.json'));
const driftCheck = (current: Bot) =>
  planned(current, `drift check ${stack}`, 'UAPPLIER', JSON.stringify(sshOpenedPlan()));

/** Clicks a button as UAPPLIER and waits until it started an apply or was answered with a refusal. */
async function click(current: Bot, actionId: string, value: unknown): Promise<void> {
  const answered = () => current.recorder.of('response_url').length + current.runner.started.length;
  const before = answered();
  await current.click(actionId, JSON.stringify(value), { user_id: 'UAPPLIER' });
  await current.recorder.waitFor(() => answered() > before);
}

const appliedPlans = (current: Bot) =>
  current.runner.started.filter((spec) => spec.job.action === 'apply').map((spec) => spec.job.planJobId);
const replies = (current: Bot) =>
  current.recorder
    .of('response_url')
    .map((call) => String(call.body.text))
    .join('\n');

describe('drift checks beside the plans people make', () => {
  it("applies a person's plan from its Apply button after a drift check of the same stack ended", async () => {
    // Prepare
    bot = await botWithDrift();
    const planJobId = await userPlan(bot);
    await driftCheck(bot);

    // Act
    await click(bot, 'tf_apply', { planJobId, stack });

    // Assess
    expect(replies(bot)).not.toContain('no longer the latest plan');
    expect(appliedPlans(bot)).toEqual([planJobId]);
  });

  it('applies the drift check’s plan from Apply to fix after someone planned the same stack', async () => {
    // Prepare
    bot = await botWithDrift();
    const checkJobId = await driftCheck(bot);
    const fingerprint = (await bot.store.getDriftStatus(stack))?.state;
    await userPlan(bot);

    // Act
    await click(bot, 'drift_apply', {
      stack,
      fingerprint: fingerprint?.kind === 'drifted' ? fingerprint.fingerprint : '',
    });

    // Assess
    expect(replies(bot)).not.toContain('no longer the latest plan');
    expect(appliedPlans(bot)).toEqual([checkJobId]);
  });

  it('applies, for /tf apply naming no plan, the requester’s own plan and not a drift check they asked for since', async () => {
    // Prepare
    const current = await botWithDrift();
    bot = current;
    const planJobId = await userPlan(current);
    await driftCheck(current);

    // Act
    await current.command(`apply ${stack}`, { user_id: 'UAPPLIER' });
    await current.recorder.waitFor(() => appliedPlans(current).length > 0);

    // Assess
    expect(appliedPlans(current)).toEqual([planJobId]);
  });

  it('still refuses the Apply button of a plan a newer plan of the stack superseded', async () => {
    // Prepare
    bot = await botWithDrift();
    const older = await userPlan(bot);
    const newer = await userPlan(bot);

    // Act
    await click(bot, 'tf_apply', { planJobId: older, stack });

    // Assess
    expect(replies(bot)).toContain(`plan ${older} is no longer the latest plan of ${stack}: apply ${newer} instead.`);
    expect(appliedPlans(bot)).toEqual([]);
  });
});
