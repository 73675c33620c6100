import { jobEnvironment } from '../../core/buildspec/environment';
import type { RunSpec } from '../../core/ports';
import { artifactsUri } from './s3-artifacts';

/** One CodeBuild environment override. Never a secret value: secrets are named (by ARN), never passed. */
export interface BuildVariable {
  name: string;
  value: string;
  type: 'PLAINTEXT';
}

/**
 * The environment the buildspecs read (the contract with buildspecs/plan.yml and apply.yml, see
 * `jobEnvironment`), plus the presigned URLs of the build's own objects (see build-object-urls.ts). The URLs
 * are the build's only access to the artifacts bucket.
 */
export function buildVariables(spec: RunSpec, bucket: string, urls: readonly [string, string][]): BuildVariable[] {
  const env = {
    ...jobEnvironment(spec, { artifacts: artifactsUri(bucket, spec.job.id) }),
    ...Object.fromEntries(urls),
  };
  return Object.entries(env).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const }));
}
