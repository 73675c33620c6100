import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JobRequestSchema } from '../../core/jobs/job-request';
import type { ArtifactName, Artifacts } from '../../core/ports';
import { readBuildFile, replaceBuildFile } from './build-files';

const artifactNames: ReadonlySet<string> = new Set<ArtifactName>(['plan.json', 'plan.txt', 'tfplan', 'log.txt']);

/** Why an artifact path was refused. */
export type ArtifactPathErrorCode = 'invalid_job_id' | 'invalid_artifact_name';

/** A job id or artifact name that would not stay inside the state directory: a bug in the caller. */
export class ArtifactPathError extends Error {
  override name = 'ArtifactPathError';
  readonly code: ArtifactPathErrorCode;

  constructor(code: ArtifactPathErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The files a job leaves behind, on this machine: `<stateDir>/jobs/<jobId>/<name>`. Job ids must match the
 * job id pattern (`j-` then lowercase letters, digits and dashes), so no id can reach outside `jobs/`. The build
 * writes its job directory, so an artifact is read only as the regular file it left, never through a symbolic
 * link (another job's log, `/proc/self/environ`): such an artifact is refused with a `BuildFileError`.
 */
export class FileArtifacts implements Artifacts {
  constructor(private readonly stateDir: string) {}

  /** Where an artifact lives; the local runner streams `log.txt` here directly. */
  pathOf(jobId: string, name: ArtifactName): string {
    return join(this.jobDir(jobId), checkName(name));
  }

  /** The job's directory, `<stateDir>/jobs/<jobId>`. */
  jobDir(jobId: string): string {
    const parsed = JobRequestSchema.shape.jobId.safeParse(jobId);
    if (!parsed.success) {
      throw new ArtifactPathError(
        'invalid_job_id',
        `refusing artifact path for job id ${JSON.stringify(jobId)}: expected a job id such as j-lx2k3-ab12`,
      );
    }
    return join(this.stateDir, 'jobs', jobId);
  }

  async get(jobId: string, name: ArtifactName): Promise<Uint8Array | undefined> {
    const body = await readBuildFile(this.pathOf(jobId, name));
    return body === undefined ? undefined : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }

  /** Writes to a temporary file and renames it, so a reader never sees half an artifact. */
  async put(jobId: string, name: ArtifactName, body: Uint8Array | string): Promise<void> {
    const path = this.pathOf(jobId, name);
    await mkdir(this.jobDir(jobId), { recursive: true });
    await replaceBuildFile(path, body);
  }
}

function checkName(name: string): ArtifactName {
  if (!artifactNames.has(name)) {
    throw new ArtifactPathError(
      'invalid_artifact_name',
      `refusing artifact name ${JSON.stringify(name)}: expected one of ${[...artifactNames].join(', ')}`,
    );
  }
  return name as ArtifactName;
}
