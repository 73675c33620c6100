import { type LambdaName, selfServiceWorkerName } from './bundles';
import { queuedTimeoutSeconds } from './constructs/events';
import type { Secrets } from './constructs/secrets';
import type { State } from './constructs/state';
import type { DeployModel } from './model';

/**
 * The environment of each Lambda, as the AWS path reads it: `INFRABOT_TABLE`, `INFRABOT_ARTIFACTS_BUCKET`,
 * `INFRABOT_BUILD_PROJECT_PREFIX` for the dispatcher (the name prefix, from which it names each stack's projects
 * as the deployment does), `INFRABOT_DISPATCHER_FUNCTION` for the bot and the notifier (and
 * `INFRABOT_SELFSERVICE_FUNCTION` when the self-service worker is deployed), `INFRABOT_QUEUED_TIMEOUT_SECONDS` for
 * the notifier's sweep (see `queuedTimeoutSeconds`), `<NAME>_FROM` (the ARN of each secret the function reads),
 * and `GITHUB_APP_ID` / `GITHUB_API_URL` when given. `INFRABOT_CONFIG` is left unset: the build bundles
 * infrabot.yaml beside each handler.
 */
export function lambdaEnvironments(
  model: DeployModel,
  state: State,
  secrets: Secrets,
): Record<LambdaName, Record<string, string>> {
  const prefix = model.inputs.namePrefix;
  const { github } = model.inputs;
  const common = (name: LambdaName) => ({
    INFRABOT_TABLE: state.table.name,
    POWERTOOLS_SERVICE_NAME: `infrabot-${name}`,
    POWERTOOLS_METRICS_NAMESPACE: 'infrabot',
    ...(github.auth === 'app' && github.appId ? { GITHUB_APP_ID: github.appId } : {}),
    ...(github.apiUrl ? { GITHUB_API_URL: github.apiUrl } : {}),
    ...secrets.variablesFor(name),
  });
  return {
    bot: {
      ...common('bot'),
      INFRABOT_DISPATCHER_FUNCTION: `${prefix}-dispatcher`,
      ...(model.selfService ? { INFRABOT_SELFSERVICE_FUNCTION: `${prefix}-${selfServiceWorkerName}` } : {}),
    },
    dispatcher: {
      ...common('dispatcher'),
      INFRABOT_ARTIFACTS_BUCKET: state.bucket.bucket,
      INFRABOT_BUILD_PROJECT_PREFIX: prefix,
    },
    notifier: {
      ...common('notifier'),
      // A build's end starts what waited for it (the next layer of applies, the plan made again).
      INFRABOT_DISPATCHER_FUNCTION: `${prefix}-dispatcher`,
      INFRABOT_ARTIFACTS_BUCKET: state.bucket.bucket,
      INFRABOT_QUEUED_TIMEOUT_SECONDS: String(queuedTimeoutSeconds(model.inputs)),
      // With drift checks, the notifier hands the next checks of a run to the dispatcher as each one ends.
      ...(model.config?.drift ? { INFRABOT_DISPATCHER_FUNCTION: `${prefix}-dispatcher` } : {}),
    },
  };
}

/**
 * The self-service worker's environment: the table (its audit lines) and the Slack bot token's ARN, nothing of
 * GitHub or CodeBuild.
 */
export function selfServiceWorkerEnvironment(state: State, secrets: Secrets): Record<string, string> {
  return {
    INFRABOT_TABLE: state.table.name,
    POWERTOOLS_SERVICE_NAME: `infrabot-${selfServiceWorkerName}`,
    POWERTOOLS_METRICS_NAMESPACE: 'infrabot',
    ...secrets.variablesFor(selfServiceWorkerName),
  };
}
