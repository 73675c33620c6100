import { type RecordedRequest, type RecordingServer, startRecordingServer } from './recording-server';

export const fakeBuildArn = (project: string, uuid: string) =>
  `arn:aws:codebuild:eu-west-1:123456789012:build/${project}:${uuid}`;

/** The CodeBuild operation of a recorded call (`StartBuild`). */
export function codebuildOperation(request: RecordedRequest): string {
  return String(request.headers['x-amz-target'] ?? '').replace('CodeBuild_20161006.', '');
}

/** A build as BatchGetBuilds answers it (the JSON 1.1 wire shape: times in epoch seconds). */
export type FakeBuild = Record<string, unknown>;

/**
 * A CodeBuild API stand-in (JSON 1.1 protocol): StartBuild answers a build of the requested project named after
 * the idempotency token; StopBuild answers plainly; BatchGetBuilds answers the asked-for builds found in `builds`
 * (by id; the test may add or change them at any time) and lists the others as not found. Reached through
 * AWS_ENDPOINT_URL_CODEBUILD.
 */
export async function startFakeCodeBuild(builds: Record<string, FakeBuild> = {}): Promise<RecordingServer> {
  return startRecordingServer((request) => {
    const input = JSON.parse(request.body || '{}') as {
      projectName?: string;
      idempotencyToken?: string;
      ids?: string[];
    };
    const json = { 'content-type': 'application/x-amz-json-1.1' };
    switch (codebuildOperation(request)) {
      case 'StartBuild': {
        const id = `${input.projectName}:${input.idempotencyToken}`;
        const arn = fakeBuildArn(input.projectName ?? 'p', input.idempotencyToken ?? 'x');
        return { headers: json, body: { build: { id, arn, buildStatus: 'IN_PROGRESS' } } };
      }
      case 'StopBuild':
        return { headers: json, body: { build: { buildStatus: 'STOPPED' } } };
      case 'BatchGetBuilds': {
        const ids = input.ids ?? [];
        const found = ids.flatMap((id) => (builds[id] ? [{ id, ...builds[id] }] : []));
        return { headers: json, body: { builds: found, buildsNotFound: ids.filter((id) => !builds[id]) } };
      }
      default:
        return { headers: json, body: { builds: [] } };
    }
  });
}
