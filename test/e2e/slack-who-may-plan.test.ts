import { afterEach, describe, expect, it } from 'vitest';
import { GitCommits } from '../../adapters/local/git-commits';
import { testConfig } from '../fixtures/config';
import { type BotOptions, startBot } from '../support/bot-harness';
import { commitFiles, createRepos, forkCommit, git, type TestRepos } from '../support/git-repo';

type Bot = Awaited<ReturnType<typeof startBot>>;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const replyText = (current: Bot) =>
  current.recorder
    .of('response_url')
    .map((call) => String(call.body.text))
    .join('\n');

/** The network stack planned only by @infra-devs (UDEV), over a real repository with a feature branch. */
function plannersConfig() {
  const base = testConfig();
  return testConfig({
    stacks: base.stacks.map((stack) =>
      stack.name === 'aws/prod/network' ? { ...stack, planners: ['@infra-devs'] } : stack,
    ),
  });
}

function reposWithFeature(): TestRepos & { featureSha: string } {
  const repos = createRepos({ 'stacks/aws/prod/network/main.tf': '' });
  git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/vpc');
  const featureSha = commitFiles(repos.upstream, { 'stacks/aws/prod/network/vpc.tf': '' });
  git(repos.upstream, 'checkout', '--quiet', 'main');
  return { ...repos, featureSha };
}

async function botOver(repos: TestRepos, options: BotOptions = {}): Promise<Bot> {
  return startBot({ commits: new GitCommits(repos.clone), groups: { 'infra-devs': ['UDEV'] }, ...options });
}

/** Sends a command and waits until it was answered (a reply through response_url, or a build started). */
async function send(current: Bot, text: string, userId: string): Promise<void> {
  const before = current.recorder.of('response_url').length + current.runner.started.length;
  await current.command(text, { user_id: userId });
  await current.recorder.waitFor(
    () => current.recorder.of('response_url').length + current.runner.started.length > before,
  );
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
    const first = bot.runner.started[0];
    if (first) await bot.store.releaseJobLock('aws/prod/network', first.job.id, bot.clock.now());
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
