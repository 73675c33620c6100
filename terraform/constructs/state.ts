import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import type { DeployInputs } from '../inputs';
import { policyDocument } from '../policy';

/** Object key prefixes in the artifacts bucket. */
export const artifactPrefixes = {
  /** `jobs/<jobId>/plan.json`, `plan.txt`, `tfplan`, the log tail: written by CodeBuild, read by the notifier. */
  jobs: 'jobs/',
  /** CodeBuild's S3 cache (the Terraform provider plugins), one folder per project: per stack and action. */
  cache: 'cache/',
} as const;

export interface StateProps {
  inputs: DeployInputs;
  /** The account id, for the default bucket name (a token from `aws_caller_identity`). */
  accountId: string;
}

/** The DynamoDB table (jobs, locks, audit, idempotency) and the artifacts bucket. */
export class State extends Construct {
  readonly table: DynamodbTable;
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, { inputs, accountId }: StateProps) {
    super(scope, id);
    this.table = new DynamodbTable(this, 'table', {
      name: inputs.namePrefix,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      rangeKey: 'sk',
      attribute: [
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ],
      ttl: { attributeName: 'ttl', enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: inputs.table.deletionProtection,
    });
    const bucketName = inputs.artifacts.bucketName ?? `${inputs.namePrefix}-artifacts-${accountId}-${inputs.region}`;
    this.bucket = new S3Bucket(this, 'artifacts', { bucket: bucketName, forceDestroy: false });
    this.protectBucket(inputs);
  }

  private protectBucket(inputs: DeployInputs): void {
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, 'artifacts-public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'artifacts-ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const kms = inputs.artifacts.kmsKeyArn;
    new S3BucketServerSideEncryptionConfigurationA(this, 'artifacts-encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: kms
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kms }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: kms !== undefined,
        },
      ],
    });
    if (inputs.artifacts.versioning) {
      new S3BucketVersioningA(this, 'artifacts-versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    }
    this.expireObjects(inputs);
    new S3BucketPolicy(this, 'artifacts-tls-only', {
      bucket,
      policy: policyDocument([
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          // A deny: it takes every S3 action away from requests without TLS, so the wildcard narrows access.
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });
  }

  private expireObjects(inputs: DeployInputs): void {
    const { expireJobsAfterDays, expireCacheAfterDays } = inputs.artifacts;
    const expire = (id: string, prefix: string, days: number) => ({
      id,
      status: 'Enabled',
      filter: [{ prefix }],
      expiration: [{ days }],
      noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
    });
    new S3BucketLifecycleConfiguration(this, 'artifacts-lifecycle', {
      bucket: this.bucket.id,
      rule: [
        expire('expire-job-artifacts', artifactPrefixes.jobs, expireJobsAfterDays),
        expire('expire-build-cache', artifactPrefixes.cache, expireCacheAfterDays),
      ],
    });
  }
}
