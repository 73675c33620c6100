import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
  NoSuchDistribution,
  TooManyInvalidationsInProgress,
} from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../../adapters/aws/aws-errors';
import { CloudFrontCdn } from '../../../../adapters/aws/cloudfront-cdn';

const client = new CloudFrontClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const cloudfront = mockClient(client);

function summary(id: string, aliases: string[], origins: string[]) {
  return {
    Id: id,
    ARN: `arn:aws:cloudfront::123456789012:distribution/${id}`,
    Status: 'Deployed',
    DomainName: `d${id.toLowerCase()}.cloudfront.net`,
    Enabled: true,
    Comment: '',
    LastModifiedTime: new Date('2026-01-01T00:00:00Z'),
    Aliases: { Quantity: aliases.length, Items: aliases },
    Origins: { Quantity: origins.length, Items: origins.map((DomainName, index) => ({ Id: `o${index}`, DomainName })) },
  } as never;
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

describe('CloudFrontCdn', () => {
  beforeEach(() => {
    cloudfront.reset();
  });

  it('pages through every distribution and caches the list for a few minutes', async () => {
    let now = 0;
    cloudfront
      .on(ListDistributionsCommand, { MaxItems: 100 })
      .resolves({
        DistributionList: {
          Marker: '',
          MaxItems: 100,
          IsTruncated: true,
          NextMarker: 'm2',
          Quantity: 1,
          Items: [summary('E1AAAAAAAAAA', ['a.example.com'], ['a.s3.amazonaws.com'])],
        },
      })
      .on(ListDistributionsCommand, { MaxItems: 100, Marker: 'm2' })
      .resolves({
        DistributionList: {
          Marker: 'm2',
          MaxItems: 100,
          IsTruncated: false,
          Quantity: 1,
          Items: [summary('E2BBBBBBBBBB', [], ['origin.example.com'])],
        },
      });
    const cdn = new CloudFrontCdn(client, { listCacheMs: 180_000, now: () => now });

    const first = await cdn.listDistributions();
    now = 179_000;
    await cdn.listDistributions();

    expect(first).toEqual([
      {
        id: 'E1AAAAAAAAAA',
        domainName: 'de1aaaaaaaaaa.cloudfront.net',
        aliases: ['a.example.com'],
        status: 'Deployed',
        enabled: true,
        originDomains: ['a.s3.amazonaws.com'],
      },
      {
        id: 'E2BBBBBBBBBB',
        domainName: 'de2bbbbbbbbbb.cloudfront.net',
        aliases: [],
        status: 'Deployed',
        enabled: true,
        originDomains: ['origin.example.com'],
      },
    ]);
    expect(cloudfront.commandCalls(ListDistributionsCommand).map((call) => call.args[0].input)).toEqual([
      { MaxItems: 100 },
      { MaxItems: 100, Marker: 'm2' },
    ]);
  });

  it('lists again once the cache has expired', async () => {
    let now = 0;
    cloudfront
      .on(ListDistributionsCommand)
      .resolves({ DistributionList: { Marker: '', MaxItems: 100, IsTruncated: false, Quantity: 0 } });
    const cdn = new CloudFrontCdn(client, { listCacheMs: 180_000, now: () => now });

    await cdn.listDistributions();
    now = 180_000;
    await cdn.listDistributions();

    expect(cloudfront.commandCalls(ListDistributionsCommand)).toHaveLength(2);
  });

  it('creates an invalidation with the exact batch and caller reference', async () => {
    cloudfront.on(CreateInvalidationCommand).resolves({
      Location: 'https://cloudfront.amazonaws.com/2020-05-31/distribution/E1AAAAAAAAAA/invalidation/I2J0I21PCUYOIK',
      Invalidation: {
        Id: 'I2J0I21PCUYOIK',
        Status: 'InProgress',
        CreateTime: new Date('2026-11-21T12:00:00Z'),
        InvalidationBatch: { CallerReference: 'infrabot-abc', Paths: { Quantity: 2, Items: ['/a.png', '/css/*'] } },
      },
    });
    const cdn = new CloudFrontCdn(client);

    const result = await cdn.createInvalidation('E1AAAAAAAAAA', ['/a.png', '/css/*'], 'infrabot-abc');

    expect(result).toEqual({
      ok: true,
      invalidation: { id: 'I2J0I21PCUYOIK', status: 'InProgress', createTime: '2026-11-21T12:00:00.000Z' },
    });
    expect(cloudfront.commandCalls(CreateInvalidationCommand)[0]?.args[0].input).toEqual({
      DistributionId: 'E1AAAAAAAAAA',
      InvalidationBatch: { CallerReference: 'infrabot-abc', Paths: { Quantity: 2, Items: ['/a.png', '/css/*'] } },
    });
  });

  it('turns TooManyInvalidationsInProgress into an outcome the user can act on', async () => {
    cloudfront
      .on(CreateInvalidationCommand)
      .rejects(new TooManyInvalidationsInProgress({ message: 'Processing your request', $metadata: {} }));

    const result = await new CloudFrontCdn(client).createInvalidation('E1AAAAAAAAAA', ['/a'], 'ref');

    expect(result).toMatchObject({ ok: false, reason: 'too_many_in_progress' });
    if (!result.ok) expect(result.message).toContain('try again in a few minutes');
  });

  it('turns throttling that outlasted the SDK retries into an outcome', async () => {
    cloudfront.on(CreateInvalidationCommand).rejects(awsError('Throttling', 'Rate exceeded'));

    const result = await new CloudFrontCdn(client).createInvalidation('E1AAAAAAAAAA', ['/a'], 'ref');

    expect(result).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('turns an unknown distribution and a denied call into outcomes', async () => {
    cloudfront
      .on(CreateInvalidationCommand)
      .rejectsOnce(new NoSuchDistribution({ message: 'The specified distribution does not exist.', $metadata: {} }))
      .rejectsOnce(awsError('AccessDenied', 'User is not authorized'));
    const cdn = new CloudFrontCdn(client);

    const missing = await cdn.createInvalidation('E1AAAAAAAAAA', ['/a'], 'ref');
    const denied = await cdn.createInvalidation('E1AAAAAAAAAA', ['/a'], 'ref');

    expect(missing).toMatchObject({ ok: false, reason: 'not_found' });
    expect(denied).toMatchObject({ ok: false, reason: 'access_denied' });
  });

  it('wraps unexpected failures in a typed error that keeps the cause', async () => {
    const cause = awsError('InternalError', 'boom');
    cloudfront.on(CreateInvalidationCommand).rejects(cause);

    const creating = new CloudFrontCdn(client).createInvalidation('E1AAAAAAAAAA', ['/a'], 'ref');

    await expect(creating).rejects.toBeInstanceOf(AwsCallError);
    await expect(creating).rejects.toMatchObject({
      code: 'aws_InternalError',
      message: 'creating an invalidation of cloudfront distribution E1AAAAAAAAAA: boom',
      cause,
    });
  });

  it('reads an invalidation with the exact request', async () => {
    cloudfront.on(GetInvalidationCommand).resolves({
      Invalidation: { Id: 'I1', Status: 'Completed', CreateTime: undefined, InvalidationBatch: undefined },
    });

    const invalidation = await new CloudFrontCdn(client).getInvalidation('E1AAAAAAAAAA', 'I1');

    expect(invalidation).toEqual({ id: 'I1', status: 'Completed' });
    expect(cloudfront.commandCalls(GetInvalidationCommand)[0]?.args[0].input).toEqual({
      DistributionId: 'E1AAAAAAAAAA',
      Id: 'I1',
    });
  });
});
