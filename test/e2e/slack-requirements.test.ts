import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../fixtures/config';
import { botOver, finishLatestPlan, type GitBot, replyText, reposWithFeature, send } from '../support/slack-git-bot';

let bot: GitBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** The network stack requires an approval by someone other than the person applying; UAPPLIER applies it. */
function approvedConfig() {
  const base = testConfig();
  return testConfig({
    people: [{ slack: 'UAPPLIER', github: 'alice' }],
    stacks: base.stacks.map((stack) =>
      stack.name === 'aws/prod/network' ? { ...stack, requirements: ['approved' as const] } : stack,
    ),
  });
}

const applies = (current: GitBot) => current.runner.started.filter((spec) => spec.job.action === 'apply');

describe('requirements from Slack', () => {
  it("refuses /tf apply of an applier's branch plan of a stack that requires approved, naming what is missing", async () => {
    // Prepare
    bot = await botOver(reposWithFeature(), { config: approvedConfig() });
    await send(bot, 'plan aws/prod/network feature/vpc', 'UAPPLIER');
    const planJobId = await finishLatestPlan(bot);

    // Act
    await send(bot, 'apply aws/prod/network', 'UAPPLIER');

    // Assess
    const text = replyText(bot);
    expect(text).toContain('aws/prod/network requires approved before an apply');
    expect(text).toContain(`Plan ${planJobId} is of feature/vpc`);
    expect(applies(bot)).toHaveLength(0);
  });

  it("refuses the Apply button on a branch's plan of a stack that requires approved", async () => {
    // Prepare
    bot = await botOver(reposWithFeature(), { config: approvedConfig() });
    await send(bot, 'plan aws/prod/network feature/vpc', 'UAPPLIER');
    const planJobId = await finishLatestPlan(bot);
    const before = bot.recorder.calls.length;

    // Act
    await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/network' }), { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor((calls) =>
      calls.slice(before).some((call) => JSON.stringify(call.body).includes('requires approved')),
    );

    // Assess
    expect(applies(bot)).toHaveLength(0);
  });

  it("applies a plan of the default branch's head to a stack that requires approved", async () => {
    // Prepare
    const repos = reposWithFeature();
    bot = await botOver(repos, { config: approvedConfig() });
    await send(bot, 'plan aws/prod/network', 'UAPPLIER');
    const planJobId = await finishLatestPlan(bot);

    // Act
    await send(bot, 'apply aws/prod/network', 'UAPPLIER');

    // Assess
    expect(applies(bot).map((spec) => [spec.job.planJobId, spec.job.sha])).toEqual([[planJobId, repos.firstSha]]);
  });
});
