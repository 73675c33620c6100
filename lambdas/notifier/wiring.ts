import { fileURLToPath } from 'node:url';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { readAwsSettings } from '../../adapters/aws/aws-settings';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../adapters/aws/s3-artifacts';
import { SecretReader } from '../../adapters/aws/secrets';
import { loadConfigFile } from '../../cli/read-config-file';
import type { Job } from '../../core/jobs/job';
import type { BuildOutcome } from '../../core/ports';
import { completeJob } from '../../core/usecases/complete-job';
import type { Outcome } from '../../core/usecases/refusal';
import { systemClock } from '../shared/clock';
import { githubReporterFromEnv } from '../shared/github';
import { slackClient, slackPorts } from '../shared/slack-reporting';

type Env = Readonly<Record<string, string | undefined>>;

/** How long an event's build id and status are remembered, so that a redelivery changes nothing. */
const rememberSeconds = 24 * 3600;

export interface Completion {
  result: Outcome<{ job: Job }>;
  /** True when this build id and status were handled before: the stored result was returned, nothing ran. */
  replayed: boolean;
}

export interface NotifierDeps {
  /** Records a build's end once per build id and status (Powertools Idempotency, in the infrabot table). */
  complete(outcome: BuildOutcome, context?: Context): Promise<Completion>;
}

/** The notifier's adapters: DynamoDB, S3 and Slack, configured from the environment. */
export async function notifierDeps(env: Env, logger: Logger): Promise<NotifierDeps> {
  const settings = readAwsSettings(env, ['artifacts'], fileURLToPath(new URL('infrabot.yaml', import.meta.url)));
  const config = await loadConfigFile(settings.configPath);
  const dynamodb = new DynamoDBClient({});
  const store = new DynamoDbStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName: settings.table });
  const artifacts = new S3Artifacts({ client: new S3Client({}), bucket: settings.bucket });
  const secrets = new SecretReader(env);
  const github = await githubReporterFromEnv(env, secrets, config.repository, store);
  const others = github ? [github] : [];
  const { reporter } = slackPorts(await slackClient(env, secrets), config, logger, others);
  const deps = { config, store, clock: systemClock, artifacts, reporter };
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: '[buildId, result]',
    expiresAfterSeconds: rememberSeconds,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: settings.table,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: 'idempotency#notifier',
    expiryAttr: 'ttl',
    awsSdkV3Client: dynamodb,
  });
  return {
    complete: async (outcome, context) => {
      if (context) idempotency.registerLambdaContext(context);
      let ran = false;
      const once = makeIdempotent(
        (first: BuildOutcome) => {
          ran = true;
          return completeJob(first, deps);
        },
        { persistenceStore, config: idempotency },
      );
      const result = await once(outcome);
      return { result, replayed: !ran };
    },
  };
}
