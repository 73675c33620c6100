import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../fixtures/config';
import { forkCommit } from '../support/git-repo';
import { botOver, finishLatestPlan, type GitBot, replyText, reposWithFeature, send } from '../support/slack-git-bot';

let bot: GitBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** The network stack planned only by @infra-devs (UDEV). */
function plannersConfig() {
  const base = testConfig();
  return testConfig({
    stacks: base.stacks.map((stack) =>
      stack.name === 'aws/prod/network' ? { ...stack, planners: ['@infra-devs'] } : stack,
    ),
  });
}

describe('who may plan what, from Slack', () => {
  it('refuses /tf plan by someone outside the stack planners, naming the rule, and runs nothing', async () => {
    // Prepare
    bot = await botOver(reposWithFeature(), { config: plannersConfig() });

    // Act
    await send(bot, 'plan aws/prod/network', 'UOUTSIDER');

    // Assess
    expect(replyText(bot)).toContain('only the planners of aws/prod/network may plan it: @infra-devs');
    expect(bot.runner.started).toHaveLength(0);
    expect(await bot.store.listJobs({ limit: 10 })).toHaveLength(0);
    expect(bot.recorder.of('chat.postMessage')).toHaveLength(0);
  });

  it('lets a member of the planners group plan the default branch and a feature branch', async () => {
    // Prepare
    const repos = reposWithFeature();
    bot = await botOver(repos, { config: plannersConfig() });

    // Act
    await send(bot, 'plan aws/prod/network', 'UDEV');
    await finishLatestPlan(bot);
    await send(bot, 'plan aws/prod/network feature/vpc', 'UDEV');

    // Assess
    expect(bot.runner.started.map((spec) => spec.job.sha)).toEqual([repos.firstSha, repos.featureSha]);
  });

  it('refuses a commit that is on no branch of the repository, such as a fork PR head, and runs nothing', async () => {
    // Prepare
    const repos = reposWithFeature();
    const forkSha = forkCommit(repos, { 'stacks/aws/prod/network/evil.tf': 'data "external" "x" {}' });
    bot = await botOver(repos, { config: plannersConfig() });

    // Act
    await send(bot, `plan aws/prod/network ${forkSha}`, 'UDEV');

    // Assess
    expect(replyText(bot)).toContain(`${forkSha.slice(0, 8)} is on no branch or tag of example-org/infra`);
    expect(bot.runner.started).toHaveLength(0);
  });

  it('lets every full member plan a stack with no planners, but never a guest of the workspace', async () => {
    // Prepare
    bot = await botOver(reposWithFeature(), { guests: ['UGUEST'] });

    // Act
    await send(bot, 'plan aws/prod/dns', 'UGUEST');
    await send(bot, 'plan aws/prod/dns', 'UMEMBER');

    // Assess
    expect(replyText(bot)).toContain('guests of the workspace may not plan aws/prod/dns');
    expect(bot.runner.started.map((spec) => spec.job.requestedBy.id)).toEqual(['UMEMBER']);
  });
});
