import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { S3Client } from '@aws-sdk/client-s3';
import { s3ObjectSigner } from '../adapters/aws/build-object-urls';
import { CodeBuildPoller } from '../adapters/aws/codebuild-poller';
import { CodeBuildRunner } from '../adapters/aws/codebuild-runner';
import { S3Artifacts } from '../adapters/aws/s3-artifacts';
import { GitHubRestCommits } from '../adapters/github/github-rest-commits';
import { FileArtifacts } from '../adapters/local/file-artifacts';
import { GitCommits } from '../adapters/local/git-commits';
import { LocalRunner } from '../adapters/local/local-runner';
import type { Config } from '../core/config/schema';
import type { Artifacts, BuildOutcome, Commits, LostBuilds, Runner, Store } from '../core/ports';
import * as z from '../core/zod';
import type { ServeSettings } from './serve-settings';

const buildspecDir = resolve(dirname(fileURLToPath(import.meta.url)), '../buildspecs');

/** Where `infrabot serve` runs builds, and what starts and stops with it. */
export interface ServeRunner {
  runner: Runner;
  artifacts: Artifacts;
  commits: Commits;
  /**
   * Local builds that outlive a restart of the bot, found again when it starts; absent for CodeBuild, whose
   * builds report their end through the poller whatever happens to the bot.
   */
  lostBuilds?: LostBuilds;
  start(onError: (activity: string, error: unknown) => void): void;
  stop(): Promise<void>;
}

const CodeBuildEnvSchema = z.object({
  INFRABOT_ARTIFACTS_BUCKET: z
    .string()
    .check(z.minLength(1, { error: 'INFRABOT_ARTIFACTS_BUCKET is required by the codebuild runner' })),
  INFRABOT_BUILD_PROJECT_PREFIX: z
    .string()
    .check(z.minLength(1, { error: 'INFRABOT_BUILD_PROJECT_PREFIX is required by the codebuild runner' })),
});

interface RunnerInput {
  settings: ServeSettings;
  env: NodeJS.ProcessEnv;
  config: Config;
  store: Store;
  stateDir: string;
  onFinished: (outcome: BuildOutcome) => Promise<void>;
  /** Job page links for the local runner's log URLs. */
  logUrl?: (jobId: string) => string;
}

function localRunner(input: RunnerInput): ServeRunner {
  const repoDir = resolve(input.settings.INFRABOT_REPO_DIR ?? '.');
  const runner = new LocalRunner({
    repoDir,
    stateDir: input.stateDir,
    buildspecDir,
    concurrency: input.config.jobs.concurrency,
    onFinished: input.onFinished,
    onDriverStarted: (jobId, buildProcess) => input.store.updateJob(jobId, { buildProcess }),
    ...(input.logUrl ? { logUrl: input.logUrl } : {}),
  });
  return {
    runner,
    artifacts: new FileArtifacts(input.stateDir),
    commits: new GitCommits(repoDir),
    lostBuilds: runner,
    start: () => runner.prepareDriver(),
    stop: () => runner.shutdown(),
  };
}

/**
 * Builds in CodeBuild from a long-running bot: StartBuild per job, artifacts from S3, and the end of each build
 * found by polling BatchGetBuilds (EventBridge cannot reach a bot outside AWS). Credentials and endpoints come
 * from the AWS SDK's own settings.
 */
function codebuildRunner(input: RunnerInput): ServeRunner {
  const parsed = CodeBuildEnvSchema.safeParse(input.env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  const { INFRABOT_ARTIFACTS_BUCKET: bucket, INFRABOT_BUILD_PROJECT_PREFIX: projectPrefix } = parsed.data;
  const client = new CodeBuildClient({});
  const poller = new CodeBuildPoller({ client, jobs: input.store, onFinished: input.onFinished });
  const repoDir = input.settings.INFRABOT_REPO_DIR;
  const token = input.env.GITHUB_TOKEN;
  const apiUrl = input.env.GITHUB_API_URL;
  return {
    runner: new CodeBuildRunner({ client, projectPrefix, bucket, sign: s3ObjectSigner(bucket) }),
    artifacts: new S3Artifacts({ client: new S3Client({}), bucket }),
    commits: repoDir
      ? new GitCommits(resolve(repoDir))
      : new GitHubRestCommits({
          repository: input.config.repository,
          defaultBranch: input.config.defaultBranch,
          ...(token ? { token } : {}),
          ...(apiUrl ? { apiUrl } : {}),
        }),
    start: (onError) => poller.start(onError),
    stop: async () => poller.stop(),
  };
}

/** The runner `INFRABOT_RUNNER` names: builds on this machine (`local`), or in CodeBuild (`codebuild`). */
export function serveRunner(input: RunnerInput): ServeRunner {
  return input.settings.INFRABOT_RUNNER === 'codebuild' ? codebuildRunner(input) : localRunner(input);
}
