import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaDispatcher } from '../../adapters/aws/lambda-dispatcher';
import type { GitHubConnection } from '../../adapters/github/connect';
import { GitHubRestCommits } from '../../adapters/github/github-rest-commits';
import type { Config } from '../../core/config/schema';
import { isSnoozed } from '../../core/drift/drift-status';
import type { Chat, Directory, DriftStore, Store } from '../../core/ports';
import { DriftIssues } from '../../core/usecases/drift-issues';
import type { DriftDeps } from '../../core/usecases/record-drift-check';
import { randomId, systemClock } from './clock';
import { githubTokenSource } from './github';

type Env = Readonly<Record<string, string | undefined>>;

export interface DriftParts {
  env: Env;
  config: Config;
  store: Store;
  chat: Chat;
  directory: Directory;
  github: GitHubConnection | undefined;
}

/**
 * What starting and recording drift checks needs on AWS: commits read from GitHub, checks handed to the
 * dispatcher Lambda (INFRABOT_DISPATCHER_FUNCTION), news posted in Slack, and issues on GitHub when
 * `drift.github.issues` is on. Undefined without a `drift` section or a dispatcher to hand checks to.
 */
export async function driftDepsFromEnv(parts: DriftParts): Promise<DriftDeps | undefined> {
  const { env, config, github } = parts;
  const dispatcher = env.INFRABOT_DISPATCHER_FUNCTION?.trim();
  if (!config.drift || !dispatcher) return undefined;
  const token = await githubTokenSource(github, config.repository);
  return {
    config,
    store: parts.store,
    clock: systemClock,
    commits: new GitHubRestCommits({
      repository: config.repository,
      defaultBranch: config.defaultBranch,
      ...(token ? { token } : {}),
      ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    }),
    directory: parts.directory,
    dispatcher: new LambdaDispatcher({ client: new LambdaClient({}), functionName: dispatcher }),
    randomId,
    chat: parts.chat,
    ...(github && config.drift.github.issues ? { issues: new DriftIssues(github.issues) } : {}),
  };
}

/** How many stacks are drifted and not snoozed now: the `DriftedStacks` metric (see terraform/constructs/alarms.ts). */
export async function driftedStackCount(store: DriftStore): Promise<number> {
  const now = systemClock.now();
  const statuses = await store.listDriftStatuses();
  return statuses.filter(
    (status) => status.state?.kind === 'drifted' && !isSnoozed(status, status.state.fingerprint, now),
  ).length;
}
