import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ArtifactName, RunSpec } from '../../core/ports';
import { artifactKey } from './s3-artifacts';

/** Signs a URL for one object of the artifacts bucket: what the build may do with it, and for how long. */
export type SignObjectUrl = (method: 'GET' | 'PUT', key: string, expiresInSeconds: number) => Promise<string>;

/** SigV4 query signatures live at most 7 days. */
const maxExpirySeconds = 7 * 24 * 3600;
/** Over the job's timeout, for a build that waited in CodeBuild's queue. */
const queueMarginSeconds = 30 * 60;

/** The files a plan build uploads, each by the variable holding its URL. */
const planUploads: readonly [string, ArtifactName][] = [
  ['INFRABOT_PUT_PLAN_JSON', 'plan.json'],
  ['INFRABOT_PUT_PLAN_TXT', 'plan.txt'],
  ['INFRABOT_PUT_TFPLAN', 'tfplan'],
  ['INFRABOT_PUT_LOG', 'log.txt'],
];

/**
 * The presigned URLs a build gets instead of any S3 permission: PUT for exactly its own job's files, and for an
 * apply GET for exactly the `tfplan` it applies. They expire with the job (its timeout plus a queue margin).
 */
export async function buildObjectUrls(spec: RunSpec, sign: SignObjectUrl): Promise<[string, string][]> {
  const expires = Math.min(maxExpirySeconds, Math.ceil(spec.timeoutMs / 1000) + queueMarginSeconds);
  const put = (name: ArtifactName) => sign('PUT', artifactKey(spec.job.id, name), expires);
  if (spec.job.action === 'plan') {
    return Promise.all(planUploads.map(async ([variable, name]) => [variable, await put(name)] as [string, string]));
  }
  const urls: [string, string][] = [['INFRABOT_PUT_LOG', await put('log.txt')]];
  if (spec.plan !== undefined) {
    urls.push(['INFRABOT_GET_PLAN', await sign('GET', artifactKey(spec.plan.jobId, 'tfplan'), expires)]);
  }
  return urls;
}

/**
 * Signs with the caller's credentials (the dispatcher's role). The client computes no checksum of its own, so
 * that the URL does not pin the body of an empty request.
 */
export function s3ObjectSigner(bucket: string, config: S3ClientConfig = {}): SignObjectUrl {
  const client = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const sign: SignObjectUrl = (method, key, expiresIn) => {
    const command =
      method === 'PUT'
        ? new PutObjectCommand({ Bucket: bucket, Key: key })
        : new GetObjectCommand({ Bucket: bucket, Key: key });
    return getSignedUrl(client, command, { expiresIn });
  };
  return sign;
}
