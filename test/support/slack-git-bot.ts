import { readFileSync } from 'node:fs';
import { GitCommits } from '../../adapters/local/git-commits';
import { completeJob } from '../../core/usecases/complete-job';
import { SAVED_PLAN } from '../fixtures/saved-plan';
import { type BotOptions, startBot } from './bot-harness';
import { commitFiles, createRepos, git, type TestRepos } from './git-repo';

/** The bot over the real Bolt receiver, resolving refs in a real clone. */
export type GitBot = Awaited<ReturnType<typeof startBot>>;

/** An upstream with the network stack on `main` and a branch `feature/vpc` one commit ahead, and its clone. */
export function reposWithFeature(): TestRepos & { featureSha: string } {
  const repos = createRepos({ 'stacks/aws/prod/network/main.tf': '' });
  git(repos.upstream, 'checkout', '--quiet', '-b', 'feature/vpc');
  const featureSha = commitFiles(repos.upstream, { 'stacks/aws/prod/network/vpc.tf': '' });
  git(repos.upstream, 'checkout', '--quiet', 'main');
  return { ...repos, featureSha };
}

/** Starts the bot over the clone, with the user group `@infra-devs` = UDEV. */
export function botOver(repos: TestRepos, options: BotOptions = {}): Promise<GitBot> {
  return startBot({ commits: new GitCommits(repos.clone), groups: { 'infra-devs': ['UDEV'] }, ...options });
}

/** Everything the bot answered through `response_url`, joined. */
export function replyText(bot: GitBot): string {
  return bot.recorder
    .of('response_url')
    .map((call) => String(call.body.text))
    .join('\n');
}

/** Sends `/tf <text>` as `userId` and waits until it was answered (a reply through response_url, or a build). */
export async function send(bot: GitBot, text: string, userId: string): Promise<void> {
  const answered = () => bot.recorder.of('response_url').length + bot.runner.started.length;
  const before = answered();
  await bot.command(text, { user_id: userId });
  await bot.recorder.waitFor(() => answered() > before);
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), 'utf8');

/** Ends the latest started build as a successful plan with changes and a saved plan; returns its job id. */
export async function finishLatestPlan(bot: GitBot): Promise<string> {
  const jobId = bot.runner.started.at(-1)?.job.id ?? '';
  await bot.artifacts.put(jobId, 'plan.json', fixture('real-1.2-mixed.json'));
  await bot.artifacts.put(jobId, 'tfplan', SAVED_PLAN);
  await bot.artifacts.put(jobId, 'plan.txt', fixture('real-1.2-mixed.txt'));
  await completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, bot.completion);
  return jobId;
}
