import {
  BatchGetBuildsCommand,
  type CodeBuildClient,
  StartBuildCommand,
  StopBuildCommand,
} from '@aws-sdk/client-codebuild';
import type { Provider } from '../../core/config/schema';
import type { BuildRef, JobAction } from '../../core/jobs/job';
import type { BuildState, Runner, RunSpec } from '../../core/ports';
import { AwsAdapterError, describedCall } from './aws-error';
import { buildObjectUrls, type SignObjectUrl } from './build-object-urls';
import { buildVariables } from './codebuild-env';
import { consoleLogUrl, toBuildState } from './codebuild-status';

/** The CodeBuild project of each action, with optional per-provider overrides. */
export interface CodeBuildProjects {
  plan: string;
  apply: string;
  byProvider?: Partial<Record<Provider, Partial<Record<JobAction, string>>>>;
}

export interface CodeBuildRunnerOptions {
  client: CodeBuildClient;
  /** Where builds start; `start` is refused without it and the bucket (the bot only stops builds). */
  projects?: CodeBuildProjects;
  /** The artifacts bucket; each job's prefix is passed to the build as INFRABOT_ARTIFACTS. */
  bucket?: string;
  /** Signs the URLs of exactly the build's own objects in the bucket (its only access to it). */
  sign?: SignObjectUrl;
}

/** CodeBuild's limits on a build's timeout, in minutes. */
const minTimeoutMinutes = 5;
const maxTimeoutMinutes = 2160;

/** The project that runs `action` for a stack of `provider`. */
export function projectFor(projects: CodeBuildProjects, action: JobAction, provider: Provider): string {
  return projects.byProvider?.[provider]?.[action] ?? projects[action];
}

/**
 * Runs jobs as CodeBuild builds: one StartBuild per job (the job id is the idempotency token, so the same
 * job started twice makes one build), status through BatchGetBuilds, cancel through StopBuild. The end of a
 * build comes back through EventBridge to the notifier (see codebuild-event.ts).
 */
export class CodeBuildRunner implements Runner {
  constructor(private readonly options: CodeBuildRunnerOptions) {}

  async start(spec: RunSpec): Promise<BuildRef> {
    const { client, projects, bucket, sign } = this.options;
    const { job, stack } = spec;
    if (!projects || !bucket || !sign) {
      throw new AwsAdapterError(
        'codebuild_failed',
        `starting a build for job ${job.id}: this runner has no CodeBuild projects or artifacts bucket (INFRABOT_PLAN_PROJECT, INFRABOT_APPLY_PROJECT, INFRABOT_ARTIFACTS_BUCKET)`,
      );
    }
    const projectName = projectFor(projects, job.action, stack.provider);
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
