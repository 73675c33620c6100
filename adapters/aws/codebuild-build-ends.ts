import { BatchGetBuildsCommand, type Build, CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { Job } from '../../core/jobs/job';
import type { BuildOutcome } from '../../core/ports';
import type { BuildEnds } from '../../core/usecases/sweep-jobs';
import { describedCall } from './aws-error';
import { consoleLogUrl, toBuildState } from './codebuild-status';

/** The most build ids one BatchGetBuilds call takes. */
export const buildsPerCall = 100;

/**
 * The phase that ended a build, e.g. `BUILD phase FAILED: COMMAND_EXECUTION_ERROR: Error while executing …`:
 * the same words as the EventBridge event's `phase-context` (`<statusCode>: <message>`).
 */
export function failedPhase(build: Build): string | undefined {
  const phase = build.phases?.find((candidate) => candidate.phaseStatus && candidate.phaseStatus !== 'SUCCEEDED');
  if (!phase) return undefined;
  const context = (phase.contexts ?? [])
    .map((entry) => [entry.statusCode, entry.message].filter((part) => part?.trim()).join(': '))
    .filter((line) => line !== '');
  const head = `${phase.phaseType} phase ${phase.phaseStatus}`;
  return context.length > 0 ? `${head}: ${context.join('; ')}` : head;
}

/**
 * Asks CodeBuild (one BatchGetBuilds) how the builds of these jobs stand, for the first 100 jobs with a build;
 * jobs without a build are left out. Each finished build becomes the `BuildOutcome` its event would have
 * given: the same build id (`project:uuid`), result, log link and failed phase.
 */
export async function readBuildEnds(client: CodeBuildClient, jobs: readonly Job[]): Promise<BuildEnds> {
  const byBuild = new Map(jobs.flatMap((job) => (job.build ? [[job.build.id, job.id] as const] : [])));
  const ids = [...byBuild.keys()].slice(0, buildsPerCall);
  if (ids.length === 0) return { ended: [], running: [], missing: [] };
  const result = await describedCall('codebuild_failed', `reading ${ids.length} codebuild builds`, () =>
    client.send(new BatchGetBuildsCommand({ ids })),
  );
  const ended: BuildOutcome[] = [];
  const running: string[] = [];
  for (const build of result.builds ?? []) {
    const jobId = build.id && byBuild.get(build.id);
    if (!jobId || !build.id) continue;
    const state = toBuildState(build.buildStatus);
    if (state.state !== 'finished') {
      running.push(jobId);
      continue;
    }
    const logUrl = build.logs?.deepLink ?? consoleLogUrl(build.arn);
    const detail = state.result === 'succeeded' ? undefined : failedPhase(build);
    ended.push({
      jobId,
      buildId: build.id,
      result: state.result,
      ...(logUrl ? { logUrl } : {}),
      ...(detail ? { detail } : {}),
    });
  }
  return { ended, running, missing: result.buildsNotFound ?? [] };
}

/**
 * `readBuildEnds` with its client: by default one configured from the environment, as in a Lambda. (Loading
 * this module with `import()` keeps only the client and BatchGetBuilds, not all of CodeBuild's commands.)
 */
export function buildEndsReader(client = new CodeBuildClient({})): (jobs: readonly Job[]) => Promise<BuildEnds> {
  return (jobs) => readBuildEnds(client, jobs);
}
