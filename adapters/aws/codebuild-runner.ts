import {
  BatchGetBuildsCommand,
  type CodeBuildClient,
  StartBuildCommand,
  StopBuildCommand,
} from '@aws-sdk/client-codebuild';
import type { BuildRef } from '../../core/jobs/job';
import type { BuildState, Runner, RunSpec } from '../../core/ports';
import { AwsAdapterError, describedCall } from './aws-error';
import { buildObjectUrls, type SignObjectUrl } from './build-object-urls';
import { buildProjectName } from './build-project-name';
import { buildVariables } from './codebuild-env';
import { consoleLogUrl, toBuildState } from './codebuild-status';

export interface CodeBuildRunnerOptions {
  client: CodeBuildClient;
  /**
   * The deployment's name prefix: a job runs in its stack's own project of its action (see `buildProjectName`).
   * `start` is refused without it and the bucket (the bot only stops builds).
   */
  projectPrefix?: string;
  /** The artifacts bucket; each job's prefix is passed to the build as INFRABOT_ARTIFACTS. */
  bucket?: string;
  /** Signs the URLs of exactly the build's own objects in the bucket (its only access to it). */
  sign?: SignObjectUrl;
}

/** CodeBuild's limits on a build's timeout, in minutes. */
const minTimeoutMinutes = 5;
const maxTimeoutMinutes = 2160;

/**
 * Runs jobs as CodeBuild builds in the project of the job's stack and action: one StartBuild per job (the job
 * id is the idempotency token, so the same job started twice makes one build), status through BatchGetBuilds,
 * cancel through StopBuild. The end of a build comes back through EventBridge to the notifier (see
 * codebuild-event.ts).
 */
export class CodeBuildRunner implements Runner {
  constructor(private readonly options: CodeBuildRunnerOptions) {}

  async start(spec: RunSpec): Promise<BuildRef> {
    const { client, projectPrefix, bucket, sign } = this.options;
    const { job, stack } = spec;
    if (!projectPrefix || !bucket || !sign) {
      throw new AwsAdapterError(
        'codebuild_failed',
        `starting a build for job ${job.id}: this runner has no CodeBuild project prefix or artifacts bucket (INFRABOT_BUILD_PROJECT_PREFIX, INFRABOT_ARTIFACTS_BUCKET)`,
      );
    }
    // The stack's own project: its service role may assume this stack's role of the action and nothing else.
    const projectName = buildProjectName(projectPrefix, job.action, stack.name);
    if (job.action === 'apply' && spec.plan === undefined) {
      throw new AwsAdapterError('codebuild_failed', `starting apply ${job.id}: the job names no plan to apply`);
    }
    const urls = await buildObjectUrls(spec, sign);
    const result = await describedCall(
      'codebuild_failed',
      `starting codebuild project ${projectName} for stack "${stack.name}"`,
      () =>
        client.send(
          new StartBuildCommand({
            projectName,
            sourceVersion: job.sha,
            idempotencyToken: job.id,
            environmentVariablesOverride: buildVariables(spec, bucket, urls),
            timeoutInMinutesOverride: timeoutMinutes(spec.timeoutMs),
          }),
        ),
    );
    const build = result.build;
    if (!build?.id) {
      throw new AwsAdapterError(
        'codebuild_failed',
        `starting codebuild project ${projectName}: no build in the answer`,
      );
    }
    const logUrl = build.logs?.deepLink ?? consoleLogUrl(build.arn);
    return logUrl === undefined ? { id: build.id } : { id: build.id, logUrl };
  }

  async status(buildId: string): Promise<BuildState> {
    const { client } = this.options;
    const result = await describedCall('codebuild_failed', `reading codebuild build ${buildId}`, () =>
      client.send(new BatchGetBuildsCommand({ ids: [buildId] })),
    );
    const build = result.builds?.[0];
    if (!build) throw new AwsAdapterError('codebuild_failed', `reading codebuild build ${buildId}: no such build`);
    return toBuildState(build.buildStatus);
  }

  /** StopBuild ends the build outright (CodeBuild has no gentler stop): the job's end says what that may leave. */
  async cancel(buildId: string, _reason: string): Promise<void> {
    const { client } = this.options;
    await describedCall('codebuild_failed', `stopping codebuild build ${buildId}`, () =>
      client.send(new StopBuildCommand({ id: buildId })),
    );
  }
}

function timeoutMinutes(timeoutMs: number): number {
  return Math.min(maxTimeoutMinutes, Math.max(minTimeoutMinutes, Math.ceil(timeoutMs / 60_000)));
}
