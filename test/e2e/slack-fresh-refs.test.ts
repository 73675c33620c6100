import { afterEach, describe, expect, it } from 'vitest';
import { defaultReuseForMs, GitCommits } from '../../adapters/local/git-commits';
import { commitFiles, git } from '../support/git-repo';
import { botOver, finishLatestPlan, type GitBot, replyText, reposWithFeature, send } from '../support/slack-git-bot';

let bot: GitBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** A clone on this machine whose clock the test moves past the moment a remote's answer is reused. */
function cloneWithClock(clone: string) {
  const clock = { now: 0 };
  return { clock, commits: new GitCommits(clone, { now: () => clock.now }) };
}

const plans = (current: GitBot) => current.runner.started.filter((spec) => spec.job.action === 'plan');
const applies = (current: GitBot) => current.runner.started.filter((spec) => spec.job.action === 'apply');

describe('refs asked of the remote from Slack, on one machine', () => {
  it('refuses the apply of a plan of main made before a push, and plans the pushed commit next', async () => {
    // Prepare: main planned once; then a merge lands on the remote's main, which the clone has not fetched
    const repos = reposWithFeature();
    const { clock, commits } = cloneWithClock(repos.clone);
    bot = await botOver(repos, { commits });
    await send(bot, 'plan aws/prod/network', 'UAPPLIER');
    const oldPlan = await finishLatestPlan(bot);
    const mergedSha = commitFiles(repos.upstream, { 'stacks/aws/prod/network/subnets.tf': '' }, 'merge');
    clock.now += defaultReuseForMs;

    // Act
    await send(bot, `apply aws/prod/network ${oldPlan}`, 'UAPPLIER');
    await send(bot, 'plan aws/prod/network', 'UAPPLIER');

    // Assess
    expect(replyText(bot)).toContain(`but main is now at ${mergedSha.slice(0, 8)}. Plan again before applying.`);
    expect(applies(bot)).toHaveLength(0);
    expect(plans(bot).map((spec) => spec.job.sha)).toEqual([repos.firstSha, mergedSha]);
  });

  it('refuses a plan with the reason when the remote cannot be reached, rather than plan the last fetch', async () => {
    // Prepare
    const repos = reposWithFeature();
    git(repos.clone, 'remote', 'set-url', 'origin', `${repos.upstream}-moved`);
    bot = await botOver(repos);

    // Act
    await send(bot, 'plan aws/prod/network', 'UAPPLIER');

    // Assess
    expect(replyText(bot)).toContain('the repository could not be asked where "main" is now');
    expect(replyText(bot)).toContain('git could not reach the remote "origin"');
    expect(plans(bot)).toHaveLength(0);
  });
});
