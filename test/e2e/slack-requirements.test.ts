import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../core/jobs/job';
import { FakePullRequests } from '../fakes/fake-pull-requests';
import { nextSha, testConfig } from '../fixtures/config';
import { withSavedPlan } from '../fixtures/saved-plan';
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

  it('refuses a Slack apply of a PR plan that only the applier approved on GitHub, and starts nothing', async () => {
    // Prepare: alice (UAPPLIER on Slack) approved PR #12 herself; its plan is done
    bot = await botOver(reposWithFeature(), { config: approvedConfig(), pullRequests: prApprovedBy('alice') });
    const planJob = await withSavedPlan(prPlan(), bot.artifacts);
    await bot.store.createJob(planJob);

    // Act: the command, then the Apply button
    await send(bot, `apply aws/prod/network ${planJob.id}`, 'UAPPLIER');
    const before = bot.recorder.calls.length;
    await bot.click('tf_apply', JSON.stringify({ planJobId: planJob.id, stack: 'aws/prod/network' }), {
      user_id: 'UAPPLIER',
    });
    await bot.recorder.waitFor((calls) =>
      calls.slice(before).some((call) => JSON.stringify(call.body).includes('someone other than @alice')),
    );

    // Assess
    const refusals = replyText(bot).split('\n');
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(refusal).toContain('someone other than @alice');
    expect(applies(bot)).toHaveLength(0);
  });

  it('applies a PR plan from Slack that someone other than the applier approved', async () => {
    // Prepare
    bot = await botOver(reposWithFeature(), { config: approvedConfig(), pullRequests: prApprovedBy('bob') });
    const planJob = await withSavedPlan(prPlan(), bot.artifacts);
    await bot.store.createJob(planJob);

    // Act
    await send(bot, `apply aws/prod/network ${planJob.id}`, 'UAPPLIER');

    // Assess
    expect(applies(bot).map((spec) => [spec.job.planJobId, spec.job.pr])).toEqual([[planJob.id, 12]]);
  });
});

/** PR #12 at `nextSha`, approved at its head by `approver`, who may write to the repository. */
function prApprovedBy(approver: string): FakePullRequests {
  const pullRequests = new FakePullRequests();
  pullRequests.addPull(12, nextSha);
  pullRequests.permissions.set(approver, 'write');
  pullRequests.reviews.set(12, [{ login: approver, state: 'APPROVED', commitSha: nextSha }]);
  return pullRequests;
}

/** The plan PR #12's comment left, finished with changes. */
function prPlan(): Job {
  const counts = { create: 1, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0 };
  return {
    id: 'j-pr12-plan',
    action: 'plan',
    stack: 'aws/prod/network',
    sha: nextSha,
    pr: 12,
    requestedBy: { source: 'github', id: 'alice' },
    status: 'succeeded',
    createdAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    summary: { counts, hasChanges: true, changes: [], drift: [], outputs: [] },
  };
}
