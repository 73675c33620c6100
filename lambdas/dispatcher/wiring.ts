import { fileURLToPath } from 'node:url';
import type { Logger } from '@aws-lambda-powertools/logger';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readAwsSettings } from '../../adapters/aws/aws-settings';
import { s3ObjectSigner } from '../../adapters/aws/build-object-urls';
import { CodeBuildRunner } from '../../adapters/aws/codebuild-runner';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../adapters/aws/s3-artifacts';
import { SecretReader } from '../../adapters/aws/secrets';
import { loadConfigFile } from '../../adapters/config/config-file';
import type { DispatchDeps } from '../../core/usecases/deps';
import { dispatchJob } from '../../core/usecases/dispatch-job';
import { randomId, systemClock } from '../shared/clock';
import { githubReporterFromEnv } from '../shared/github';
import { logFailure } from '../shared/observability';
import { slackClient, slackPorts } from '../shared/slack-reporting';

type Env = Readonly<Record<string, string | undefined>>;

/** The dispatcher's adapters: DynamoDB, CodeBuild and Slack, configured from the environment. */
export async function dispatcherDeps(env: Env, logger: Logger): Promise<DispatchDeps> {
  const settings = readAwsSettings(
    env,
    ['artifacts', 'projects'],
    fileURLToPath(new URL('infrabot.yaml', import.meta.url)),
  );
  const config = await loadConfigFile(settings.configPath);
  const store = new DynamoDbStore({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    tableName: settings.table,
  });
  const runner = new CodeBuildRunner({
    client: new CodeBuildClient({}),
    projectPrefix: settings.projectPrefix,
    bucket: settings.bucket,
    sign: s3ObjectSigner(settings.bucket),
  });
  // Reads an apply's saved plan to check its digest before the build starts.
  const artifacts = new S3Artifacts({ client: new S3Client({}), bucket: settings.bucket });
  const secrets = new SecretReader(env);
  const github = await githubReporterFromEnv(env, secrets, config, store, (activity, error) =>
    logFailure(logger, activity, error),
  );
  const others = github ? [github] : [];
  const { reporter } = slackPorts(await slackClient(env, secrets), config, logger, others);
  const deps: DispatchDeps = { config, store, clock: systemClock, runner, reporter, artifacts };
  // A job that cannot start stops the applies waiting for it; nothing it starts needs another invoke.
  deps.orderedApplies = {
    dispatcher: { dispatch: async (request) => void (await dispatchJob(request, deps)) },
    randomId,
  };
  return deps;
}
