import { fileURLToPath } from 'node:url';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AthenaLogQueries } from '../../adapters/aws/athena-log-queries';
import { readAwsSettings } from '../../adapters/aws/aws-settings';
import { CloudFrontCdn } from '../../adapters/aws/cloudfront-cdn';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { SecretReader } from '../../adapters/aws/secrets';
import { loadConfigFile } from '../../adapters/config/config-file';
import { SlackChat } from '../../adapters/slack/slack-chat';
import { SlackDirectory } from '../../adapters/slack/slack-directory';
import { buildSelfServiceWorkerDeps } from '../../bot/self-service/worker-deps';
import type { SelfServiceWorkerDeps } from '../../core/usecases/run-self-service-task';
import { systemClock } from '../shared/clock';
import { slackClient } from '../shared/slack-reporting';

type Env = Readonly<Record<string, string | undefined>>;

/** The `/cdn` and `/logs` worker's adapters: CloudFront (global, us-east-1), Athena, Slack and the audit table. */
export async function workerDeps(env: Env): Promise<SelfServiceWorkerDeps> {
  const settings = readAwsSettings(env, [], fileURLToPath(new URL('infrabot.yaml', import.meta.url)));
  const config = await loadConfigFile(settings.configPath);
  const client = await slackClient(env, new SecretReader(env));
  return buildSelfServiceWorkerDeps({
    config,
    cdn: new CloudFrontCdn(new CloudFrontClient({ region: 'us-east-1' })),
    logQueries: new AthenaLogQueries(new AthenaClient({})),
    chat: new SlackChat(client),
    audit: new DynamoDbStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName: settings.table,
    }),
    directory: new SlackDirectory(client),
    clock: systemClock,
  });
}
