import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readAwsSettings } from '../../adapters/aws/aws-settings';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { SecretReader } from '../../adapters/aws/secrets';
import { loadConfigFile } from '../../adapters/config/config-file';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * What every path of the bot Lambda starts from: its settings (the dispatcher function among them), the
 * configuration bundled beside the handler (or INFRABOT_CONFIG), its secrets and the DynamoDB store.
 */
export async function botState(env: Env) {
  const settings = readAwsSettings(env, ['dispatcher'], fileURLToPath(new URL('infrabot.yaml', import.meta.url)));
  const config = await loadConfigFile(settings.configPath);
  const secrets = new SecretReader(env);
  const store = new DynamoDbStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName: settings.table,
  });
  return { settings, config, secrets, store };
}
