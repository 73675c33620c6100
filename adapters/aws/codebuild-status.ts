import type { BuildResult, BuildState } from '../../core/ports';

/** CodeBuild's build statuses (`StatusType`). */
export type CodeBuildStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'FAULT' | 'STOPPED' | 'TIMED_OUT';

const results: Record<Exclude<CodeBuildStatus, 'IN_PROGRESS'>, BuildResult> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  FAULT: 'failed',
  STOPPED: 'stopped',
  TIMED_OUT: 'timed_out',
};

/** How a CodeBuild status reads as a runner's build state; an unknown status counts as still running. */
export function toBuildState(status: string | undefined): BuildState {
  const result = status === undefined ? undefined : results[status as keyof typeof results];
  return result === undefined ? { state: 'running' } : { state: 'finished', result };
}

/** The console page of a build's log, from its ARN (`arn:aws:codebuild:<region>:<account>:build/<project>:<uuid>`). */
export function consoleLogUrl(buildArn: string | undefined): string | undefined {
  const match = buildArn?.match(/^arn:aws[a-z-]*:codebuild:([a-z0-9-]+):(\d{12}):build\/([^:]+):(.+)$/);
  if (!match) return undefined;
  const [, region, account, project, uuid] = match;
  const buildId = encodeURIComponent(`${project}:${uuid}`);
  return `https://${region}.console.aws.amazon.com/codesuite/codebuild/${account}/projects/${project}/build/${buildId}/log?region=${region}`;
}
