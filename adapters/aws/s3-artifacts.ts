import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ArtifactName, Artifacts } from '../../core/ports';
import { AwsAdapterError, describedCall } from './aws-error';

const contentTypes: Record<ArtifactName, string> = {
  'plan.json': 'application/json',
  'plan.txt': 'text/plain; charset=utf-8',
  'log.txt': 'text/plain; charset=utf-8',
  tfplan: 'application/octet-stream',
};

export interface S3ArtifactsOptions {
  client: S3Client;
  bucket: string;
}

/** The s3:// prefix under which a job's files live; the buildspecs receive it as INFRABOT_ARTIFACTS. */
export function artifactsUri(bucket: string, jobId: string): string {
  return `s3://${bucket}/${artifactKey(jobId, '')}`.replace(/\/$/, '');
}

/** The object key of one of a job's files: `jobs/<jobId>/<name>`. */
export function artifactKey(jobId: string, name: ArtifactName | ''): string {
  return `jobs/${jobId}/${name}`;
}

/** A job's files (plan.json, plan.txt, tfplan, log.txt) under `jobs/<jobId>/` in the artifacts bucket. */
export class S3Artifacts implements Artifacts {
  constructor(private readonly options: S3ArtifactsOptions) {}

  async get(jobId: string, name: ArtifactName): Promise<Uint8Array | undefined> {
    const { client, bucket } = this.options;
    const key = artifactKey(jobId, name);
    try {
      const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new AwsAdapterError('s3_failed', `reading s3://${bucket}/${key}`, error);
    }
  }

  async put(jobId: string, name: ArtifactName, body: Uint8Array | string): Promise<void> {
    const { client, bucket } = this.options;
    const key = artifactKey(jobId, name);
    await describedCall('s3_failed', `writing s3://${bucket}/${key}`, () =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentTypes[name] })),
    );
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}
