import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsUri, S3Artifacts } from '../../../../adapters/aws/s3-artifacts';
import { type LocalS3, startS3rver } from '../../../support/s3rver';

let s3: LocalS3;
let artifacts: S3Artifacts;

beforeAll(async () => {
  s3 = await startS3rver();
  artifacts = new S3Artifacts({ client: s3.client, bucket: s3.bucket });
});
afterAll(async () => s3.close());

describe('S3Artifacts', () => {
  it('stores text and binary files under jobs/<jobId>/ and reads them back', async () => {
    const tfplan = new Uint8Array([0, 1, 2, 250, 255]);

    await artifacts.put('j-s3-1', 'plan.txt', 'No changes.\n');
    await artifacts.put('j-s3-1', 'tfplan', tfplan);

    expect(new TextDecoder().decode(await artifacts.get('j-s3-1', 'plan.txt'))).toBe('No changes.\n');
    expect(await artifacts.get('j-s3-1', 'tfplan')).toEqual(tfplan);
    const raw = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'jobs/j-s3-1/plan.txt' }));
    expect(raw.ContentType).toBe('text/plain; charset=utf-8');
  });

  it('answers undefined for a file the job never wrote', async () => {
    const missing = await artifacts.get('j-s3-none', 'log.txt');

    expect(missing).toBeUndefined();
  });

  it('throws a coded error naming the object when the bucket does not exist', async () => {
    const wrong = new S3Artifacts({ client: s3.client, bucket: 'no-such-bucket' });

    await expect(wrong.put('j-s3-2', 'plan.json', '{}')).rejects.toMatchObject({
      code: 's3_failed',
      message: 'writing s3://no-such-bucket/jobs/j-s3-2/plan.json',
    });
  });

  it('names the artifact prefix the buildspecs receive', () => {
    expect(artifactsUri('bucket', 'j-1')).toBe('s3://bucket/jobs/j-1');
  });
});
