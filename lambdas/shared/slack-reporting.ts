import type { Logger } from '@aws-lambda-powertools/logger';
import { WebClient } from '@slack/web-api';
import { SecretReader } from '../../adapters/aws/secrets';
import { SlackChat } from '../../adapters/slack/slack-chat';
import { SlackDirectory } from '../../adapters/slack/slack-directory';
import type { Config } from '../../core/config/schema';
import type { Chat, Directory, JobReporter } from '../../core/ports';
import { CompositeReporter } from '../../core/reporting/composite-reporter';
import { SlackJobReporter } from '../../core/reporting/slack-job-reporter';
import { logFailure } from './observability';

type Env = Readonly<Record<string, string | undefined>>;

/** A Slack Web API client with the bot token (SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FROM); SLACK_API_URL for tests. */
export async function slackClient(env: Env, secrets = new SecretReader(env)): Promise<WebClient> {
  const token = await secrets.read('SLACK_BOT_TOKEN');
  return new WebClient(token, env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {});
}

export interface SlackPorts {
  chat: Chat;
  directory: Directory;
  reporter: JobReporter;
}

/**
 * The Slack side of a Lambda: chat, user groups, and the reporter that keeps each job's message current
 * (and, through `others`, the PR).
 */
export function slackPorts(
  client: WebClient,
  config: Config,
  logger: Logger,
  others: readonly JobReporter[] = [],
): SlackPorts {
  const chat = new SlackChat(client);
  const directory = new SlackDirectory(client);
  const slack = new SlackJobReporter({ chat, config, directory });
  const reporter = new CompositeReporter([slack, ...others], (activity, error) => logFailure(logger, activity, error));
  return { chat, directory, reporter };
}
