import { beforeAll, describe, expect, it } from 'vitest';
import { accountRef, resourcesOf, synthInfrabot, type TerraformJson } from './synth';

let json: TerraformJson;

beforeAll(() => {
  json = synthInfrabot({ artifacts: { expireJobsAfterDays: 21 } });
});

const only = (type: string) => {
  const [first, ...rest] = resourcesOf(json, type);
  if (!first || rest.length > 0) throw new Error(`expected exactly one ${type}`);
  return first;
};

describe('the table', () => {
  it('is on demand with string pk and sk, TTL on ttl, point-in-time recovery and encryption', () => {
    expect(only('aws_dynamodb_table')).toEqual({
      name: 'infrabot',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      ttl: { attribute_name: 'ttl', enabled: true },
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
  });
});

describe('the artifacts bucket', () => {
  it('is named after the account and region unless a name is given', () => {
    expect(only('aws_s3_bucket').bucket).toBe(`infrabot-artifacts-${accountRef}-eu-west-1`);
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(only('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only('aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('encrypts with AES256 by default and with the given KMS key when there is one', () => {
    // Prepare
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    // Act
    const withKms = synthInfrabot({ artifacts: { kmsKeyArn } });

    // Assess
    expect(only('aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' }, bucket_key_enabled: false },
    ]);
    expect(resourcesOf(withKms, 'aws_s3_bucket_server_side_encryption_configuration')[0]?.rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: kmsKeyArn },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('refuses requests without TLS', () => {
    expect(JSON.parse(String(only('aws_s3_bucket_policy').policy)).Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [expect.stringMatching(/\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('expires job artifacts and the build cache', () => {
    expect(only('aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      expect.objectContaining({
        id: 'expire-job-artifacts',
        status: 'Enabled',
        filter: [{ prefix: 'jobs/' }],
        expiration: [{ days: 21 }],
      }),
      expect.objectContaining({
        id: 'expire-build-cache',
        status: 'Enabled',
        filter: [{ prefix: 'cache/' }],
        expiration: [{ days: 14 }],
      }),
    ]);
  });

  it('turns versioning on only when asked', () => {
    expect(resourcesOf(json, 'aws_s3_bucket_versioning')).toEqual([]);
    expect(resourcesOf(synthInfrabot({ artifacts: { versioning: true } }), 'aws_s3_bucket_versioning')).toEqual([
      expect.objectContaining({ versioning_configuration: { status: 'Enabled' } }),
    ]);
  });
});

describe('the secrets', () => {
  it('creates the GitHub secrets that match how infrabot authenticates to GitHub', () => {
    // Act
    const names = (auth: 'token' | 'none') =>
      resourcesOf(synthInfrabot({ github: { auth } }), 'aws_secretsmanager_secret').map((secret) => secret.name);

    // Assess
    expect(names('token')).toEqual([
      'infrabot/GITHUB_TOKEN',
      'infrabot/GITHUB_WEBHOOK_SECRET',
      'infrabot/SLACK_BOT_TOKEN',
      'infrabot/SLACK_SIGNING_SECRET',
    ]);
    expect(names('none')).toEqual(['infrabot/SLACK_BOT_TOKEN', 'infrabot/SLACK_SIGNING_SECRET']);
  });

  it('creates each secret empty, without a version that would put its value in state', () => {
    // Act
    const secrets = resourcesOf(json, 'aws_secretsmanager_secret');

    // Assess
    expect(secrets.map((secret) => secret.name)).toEqual([
      'infrabot/GITHUB_APP_PRIVATE_KEY',
      'infrabot/GITHUB_WEBHOOK_SECRET',
      'infrabot/SLACK_BOT_TOKEN',
      'infrabot/SLACK_SIGNING_SECRET',
    ]);
    expect(resourcesOf(json, 'aws_secretsmanager_secret_version')).toEqual([]);
    expect(JSON.stringify(secrets)).not.toMatch(/secret_string|secret_binary/);
  });
});
