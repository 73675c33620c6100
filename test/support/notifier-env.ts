import type { LocalDynamo } from './dynalite';
import { writeTestConfig } from './infrabot-yaml';
import type { RecordingServer } from './recording-server';
import type { LocalS3 } from './s3rver';

/** The notifier Lambda's environment over dynalite, s3rver and a recording Slack API, with the test configuration. */
export async function notifierEnv(services: {
  dynamo: LocalDynamo;
  s3: LocalS3;
  slack: RecordingServer;
}): Promise<Record<string, string>> {
  return {
    AWS_REGION: 'eu-west-1',
    // s3rver accepts only its fixed credentials; dynalite and the other stand-ins accept any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamo.endpoint,
    AWS_ENDPOINT_URL_S3: services.s3.endpoint,
    INFRABOT_CONFIG: await writeTestConfig(),
    INFRABOT_TABLE: services.dynamo.tableName,
    INFRABOT_ARTIFACTS_BUCKET: services.s3.bucket,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: `${services.slack.url}/api/`,
  };
}
