import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** An s3rver on 127.0.0.1 (ephemeral port) with one bucket, reached with the real AWS SDK (path style). */
export interface LocalS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** What the client was made with, for another client of the same server (a URL signer). */
  config: S3ClientConfig;
  close(): Promise<void>;
}

export async function startS3rver(bucket = 'infrabot-artifacts-test'): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'infrabot-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const config: S3ClientConfig = {
    region: 'us-east-1',
    // s3rver accepts only its own fixed test credentials.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    endpoint,
    forcePathStyle: true,
  };
  const client = new S3Client(config);
  return {
    endpoint,
    bucket,
    client,
    config,
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
