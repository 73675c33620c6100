import type { Logger } from '@aws-lambda-powertools/logger';
import { SlackChat } from '../../adapters/slack/slack-chat';
import { SlackDirectory } from '../../adapters/slack/slack-directory';
import { driftSchedule, driftStacks, startDriftRun } from '../../core/usecases/start-drift-checks';
import { driftDepsFromEnv } from '../shared/drift';
import { connectGitHubFromEnv } from '../shared/github';
import { slackClient } from '../shared/slack-reporting';
import { botState } from './bot-state';
import type { DriftRun } from './drift-event';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The bot's drift run: marks every stack due at the scheduled time and starts at most `drift.concurrency`
 * checks through the dispatcher Lambda; the notifier starts the others as checks end.
 */
export async function botDriftRun(env: Env, _logger: Logger): Promise<DriftRun> {
  const { config, secrets, store } = await botState(env);
  const client = await slackClient(env, secrets);
  const github = await connectGitHubFromEnv(env, secrets, config.repository, store);
  const deps = await driftDepsFromEnv({
    env,
    config,
    store,
    chat: new SlackChat(client),
    directory: new SlackDirectory(client),
    github,
  });
  return async (at) => (deps ? startDriftRun(at, driftStacks(config), driftSchedule, deps) : undefined);
}
