import type { Logger } from '@aws-lambda-powertools/logger';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { App, AwsLambdaReceiver, LogLevel } from '@slack/bolt';
import type { Context } from 'aws-lambda';
import { CodeBuildRunner } from '../../adapters/aws/codebuild-runner';
import { LambdaDispatcher } from '../../adapters/aws/lambda-dispatcher';
import type { SecretReader } from '../../adapters/aws/secrets';
import { githubReporter } from '../../adapters/github/connect';
import { GitHubRestCommits } from '../../adapters/github/github-rest-commits';
import { buildBotDeps } from '../../bot/bot-deps';
import { registerListeners } from '../../bot/register-listeners';
import type { SelfServiceBotDeps } from '../../bot/self-service/deps';
import type { Config } from '../../core/config/schema';
import { prRequirementsCheck } from '../../core/github/pr-apply';
import { randomId, systemClock } from '../shared/clock';
import { connectGitHubFromEnv, githubTokenSource } from '../shared/github';
import { logFailure } from '../shared/observability';

import { botState } from './bot-state';
import type { HttpRequestEvent, HttpResponse } from './http-event';

export type { HttpRequestEvent, HttpResponse };

type Env = Readonly<Record<string, string | undefined>>;

/** Answers one HTTP request from Slack. */
export type SlackHttpHandler = (event: HttpRequestEvent, context?: Context) => Promise<HttpResponse>;

/** Bolt over the Lambda receiver, which checks each request's Slack signature. */
async function slackApp(env: Env, secrets: SecretReader): Promise<{ app: App; receiver: AwsLambdaReceiver }> {
  const [signingSecret, botToken] = await Promise.all([
    secrets.read('SLACK_SIGNING_SECRET'),
    secrets.read('SLACK_BOT_TOKEN'),
  ]);
  const receiver = new AwsLambdaReceiver({ signingSecret, logLevel: LogLevel.WARN });
  const app = new App({
    token: botToken,
    receiver,
    tokenVerificationEnabled: false,
    logLevel: LogLevel.WARN,
    ...(env.SLACK_API_URL ? { clientOptions: { slackApiUrl: env.SLACK_API_URL } } : {}),
  });
  return { app, receiver };
}

/**
 * `/cdn` and `/logs`, when the config has them and INFRABOT_SELFSERVICE_FUNCTION names the worker Lambda:
 * the bot lists distributions itself and hands each task to the worker with an asynchronous invoke.
 */
async function selfServiceFor(config: Config, env: Env): Promise<SelfServiceBotDeps | undefined> {
  const worker = env.INFRABOT_SELFSERVICE_FUNCTION?.trim();
  if ((!config.cdn && !config.logs) || !worker) return undefined;
  const [{ CloudFrontClient }, { CloudFrontCdn }, { LambdaSelfServiceDispatcher }] = await Promise.all([
    import('@aws-sdk/client-cloudfront'),
    import('../../adapters/aws/cloudfront-cdn'),
    import('../../adapters/aws/lambda-self-service-dispatcher'),
  ]);
  return {
    cdn: new CloudFrontCdn(new CloudFrontClient({ region: 'us-east-1' })),
    dispatcher: new LambdaSelfServiceDispatcher(new LambdaClient({}), worker),
  };
}

/**
 * The bot Lambda's Bolt app: Slack's signature checked by the Lambda receiver, listeners that validate,
 * authorize, record and hand each job to the dispatcher Lambda with an asynchronous invoke; and, when GitHub
 * is configured, the GitHub webhook and Actions routes on the same Function URL.
 */
export async function botHttpHandler(env: Env, logger: Logger): Promise<SlackHttpHandler> {
  const { settings, config, secrets, store } = await botState(env);
  const [{ app, receiver }, github] = await Promise.all([
    slackApp(env, secrets),
    connectGitHubFromEnv(env, secrets, config.repository, store),
  ]);
  const token = await githubTokenSource(github, config.repository);
  const logError = (activity: string, error: unknown) => logFailure(logger, activity, error);
  const deps = buildBotDeps(app, {
    config,
    store,
    clock: systemClock,
    // The bot only stops builds (`/tf cancel`); the dispatcher starts them.
    runner: new CodeBuildRunner({ client: new CodeBuildClient({}) }),
    commits: new GitHubRestCommits({
      repository: config.repository,
      defaultBranch: config.defaultBranch,
      ...(token ? { token } : {}),
      ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    }),
    otherReporters: github
      ? [githubReporter(github, store, { ...config.github, stacks: config.stacks }, logError)]
      : [],
    dispatcher: new LambdaDispatcher({ client: new LambdaClient({}), functionName: settings.dispatcherFunction }),
    logError,
    randomId,
  });
  // Slack applies of a PR's plan check the PR's requirements too, as under `infrabot serve`.
  if (github) deps.requests.prRequirements = prRequirementsCheck({ pullRequests: github.pullRequests, store });
  const selfService = await selfServiceFor(config, env);
  registerListeners(app, selfService ? { ...deps, selfService } : deps);
  const handle = receiver.toHandler();
  // GitHub's webhook and Actions requests share the Function URL; the GitHub client loads only when configured.
  const githubRoute = github
    ? (await import('./github-http')).githubHttp({ github, config, requests: deps.requests, logger })
    : undefined;
  // Bolt reads only the headers, body and path of the event, which the handler has checked.
  type AwsEvent = Parameters<typeof handle>[0];
  return async (event, context) => {
    const answered = event.rawPath?.startsWith('/github/') ? await githubRoute?.(event) : undefined;
    if (answered) return answered;
    if (event.rawPath?.startsWith('/github/')) return { statusCode: 404, body: 'GitHub is not configured' };
    return (await handle(event as unknown as AwsEvent, context)) as HttpResponse;
  };
}
