import { fileURLToPath } from 'node:url';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readAwsSettings } from '../../adapters/aws/aws-settings';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { SecretReader } from '../../adapters/aws/secrets';
import { loadConfigFile } from '../../adapters/config/config-file';
import { SlackChat } from '../../adapters/slack/slack-chat';
import { SlackDirectory } from '../../adapters/slack/slack-directory';
import { driftSchedule, driftStacks, startDriftRun } from '../../core/usecases/start-drift-checks';
import { driftDepsFromEnv } from '../shared/drift';
import { connectGitHubFromEnv } from '../shared/github';
import { slackClient } from '../shared/slack-reporting';
import type { DriftRun } from './drift-event';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The bot's drift run: marks every stack due at the scheduled time and starts at most `drift.concurrency`
 * checks through the dispatcher Lambda; the notifier starts the others as checks end.
 */
export async function botDriftRun(env: Env, _logger: Logger): Promise<DriftRun> {
  const settings = readAwsSettings(env, ['dispatcher'], fileURLToPath(new URL('infrabot.yaml', import.meta.url)));
  const config = await loadConfigFile(settings.configPath);
  const secrets = new SecretReader(env);
  const store = new DynamoDbStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName: settings.table,
  });
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
