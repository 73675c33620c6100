import { describe, expect, it } from 'vitest';
import { bucketOfOriginDomain, distributionsServing } from '../../../../core/cdn/distribution';
import { distribution } from '../../../fixtures/cdn';

describe('bucketOfOriginDomain', () => {
  it.each([
    ['assets.s3.amazonaws.com', 'assets'],
    ['assets.s3.eu-west-1.amazonaws.com', 'assets'],
    ['assets.s3-eu-west-1.amazonaws.com', 'assets'],
    ['assets.s3-website-us-east-1.amazonaws.com', 'assets'],
    ['assets.s3-website.eu-central-1.amazonaws.com', 'assets'],
    ['my.dotted.bucket.s3.us-west-2.amazonaws.com', 'my.dotted.bucket'],
    ['Assets.S3.amazonaws.com', 'assets'],
  ])('reads the bucket of %s', (domain, bucket) => {
    expect(bucketOfOriginDomain(domain)).toBe(bucket);
  });

  it.each(['origin.example.com', 's3.amazonaws.com', 'assets.example.s3.fake.com'])(
    'finds no bucket in %s',
    (domain) => {
      expect(bucketOfOriginDomain(domain)).toBeUndefined();
    },
  );
});

describe('distributionsServing', () => {
  const images = distribution({
    id: 'E2QWRUHAPOMQZL',
    domainName: 'd111111abcdef8.cloudfront.net',
    aliases: ['images.example.com'],
    originDomains: ['images-bucket.s3.eu-west-1.amazonaws.com'],
  });
  const site = distribution({
    id: 'E3SITE0000001',
    domainName: 'd222222abcdef8.cloudfront.net',
    aliases: ['*.example.org'],
    originDomains: ['site-bucket.s3-website-us-east-1.amazonaws.com', 'api.example.org'],
  });
  const all = [images, site];

  it('matches by distribution id, in any case', () => {
    expect(distributionsServing(all, 'e2qwruhapomqzl')).toEqual([{ distribution: images, by: 'id' }]);
  });

  it('matches by alias, ignoring case and a trailing dot', () => {
    expect(distributionsServing(all, 'Images.Example.com.')).toEqual([{ distribution: images, by: 'alias' }]);
  });

  it('matches a wildcard alias one level deep only', () => {
    expect(distributionsServing(all, 'www.example.org')).toEqual([{ distribution: site, by: 'alias' }]);
    expect(distributionsServing(all, 'a.b.example.org')).toEqual([]);
  });

  it('matches by default domain', () => {
    expect(distributionsServing(all, 'd222222abcdef8.cloudfront.net')).toEqual([{ distribution: site, by: 'domain' }]);
  });

  it('matches a bucket name against S3 origins in every form', () => {
    expect(distributionsServing(all, 'images-bucket')).toEqual([{ distribution: images, by: 'bucket' }]);
    expect(distributionsServing(all, 'site-bucket')).toEqual([{ distribution: site, by: 'bucket' }]);
  });

  it('matches a bucket given by one of its S3 domains', () => {
    expect(distributionsServing(all, 'images-bucket.s3.amazonaws.com')).toEqual([
      { distribution: images, by: 'bucket' },
    ]);
  });

  it('lists every distribution serving a shared bucket', () => {
    const copy = distribution({ id: 'E4COPY0000001', originDomains: ['images-bucket.s3.amazonaws.com'] });

    expect(distributionsServing([...all, copy], 'images-bucket').map((match) => match.distribution.id)).toEqual([
      'E2QWRUHAPOMQZL',
      'E4COPY0000001',
    ]);
  });

  it('finds nothing for an unknown name', () => {
    expect(distributionsServing(all, 'nothing-here')).toEqual([]);
  });
});
