import {
  type DistributionSummary as AwsDistributionSummary,
  type CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListDistributionsCommand,
} from '@aws-sdk/client-cloudfront';
import type { DistributionSummary } from '../../core/cdn/distribution';
import type { CreateInvalidationResult, Invalidation, InvalidationRefusal } from '../../core/cdn/invalidation';
import type { Cdn } from '../../core/ports';
import { AwsCallError, awsErrorName, isThrottling } from './aws-errors';

export interface CloudFrontCdnOptions {
  /** How long the distribution list is reused; a few minutes by default. */
  listCacheMs?: number;
  now?: () => number;
}

const pageSize = 100;

const refusals: Record<string, { reason: InvalidationRefusal; message: string }> = {
  TooManyInvalidationsInProgress: {
    reason: 'too_many_in_progress',
    message:
      'CloudFront is already running as many invalidations on this distribution as it allows (3,000 paths or 15 wildcard paths in progress); try again in a few minutes',
  },
  NoSuchDistribution: { reason: 'not_found', message: 'CloudFront has no distribution with this id' },
  AccessDenied: {
    reason: 'access_denied',
    message: "infrabot's CloudFront role may not invalidate this distribution; ask the SRE team to add it to the role",
  },
  BatchTooLarge: { reason: 'rejected', message: 'CloudFront refused the request as too large' },
  InvalidArgument: { reason: 'rejected', message: 'CloudFront refused a path of the request' },
  InvalidationBatchAlreadyExists: {
    reason: 'rejected',
    message: 'this command was already used for a different invalidation; run it again',
  },
};

/** The `Cdn` port on CloudFront: lists distributions (paged completely, cached), creates and reads invalidations. */
export class CloudFrontCdn implements Cdn {
  private cached: { at: number; distributions: readonly DistributionSummary[] } | undefined;
  private readonly listCacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: CloudFrontClient,
    options: CloudFrontCdnOptions = {},
  ) {
    this.listCacheMs = options.listCacheMs ?? 180_000;
    this.now = options.now ?? Date.now;
  }

  async listDistributions(): Promise<readonly DistributionSummary[]> {
    const now = this.now();
    if (this.cached && now - this.cached.at < this.listCacheMs) return this.cached.distributions;
    const distributions: DistributionSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await this.send('listing cloudfront distributions', () =>
        this.client.send(new ListDistributionsCommand({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) })),
      );
      const list = page.DistributionList;
      distributions.push(...(list?.Items ?? []).map(toSummary));
      marker = list?.IsTruncated ? list.NextMarker : undefined;
    } while (marker);
    this.cached = { at: now, distributions };
    return distributions;
  }

  async createInvalidation(
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ): Promise<CreateInvalidationResult> {
    const command = new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: { CallerReference: callerReference, Paths: { Quantity: paths.length, Items: [...paths] } },
    });
    try {
      const output = await this.client.send(command);
      return { ok: true, invalidation: toInvalidation(output.Invalidation, 'created invalidation') };
    } catch (error) {
      const refusal = refusals[awsErrorName(error) ?? ''];
      if (refusal) return { ok: false, ...refusal };
      if (isThrottling(error)) {
        return { ok: false, reason: 'throttled', message: 'CloudFront is throttling requests; try again in a minute' };
      }
      throw new AwsCallError(`creating an invalidation of cloudfront distribution ${distributionId}`, error);
    }
  }

  async getInvalidation(distributionId: string, invalidationId: string): Promise<Invalidation> {
    const output = await this.send(`reading invalidation ${invalidationId} of ${distributionId}`, () =>
      this.client.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: invalidationId })),
    );
    return toInvalidation(output.Invalidation, `invalidation ${invalidationId}`);
  }

  private async send<T>(activity: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AwsCallError(activity, error);
    }
  }
}

function toSummary(item: AwsDistributionSummary): DistributionSummary {
  return {
    id: item.Id ?? '',
    domainName: item.DomainName ?? '',
    aliases: item.Aliases?.Items ?? [],
    status: item.Status ?? 'Unknown',
    enabled: item.Enabled ?? false,
    originDomains: (item.Origins?.Items ?? []).map((origin) => origin.DomainName ?? ''),
    ...(item.Comment ? { comment: item.Comment } : {}),
  };
}

function toInvalidation(
  invalidation: { Id?: string | undefined; Status?: string | undefined; CreateTime?: Date | undefined } | undefined,
  what: string,
): Invalidation {
  if (!invalidation?.Id) throw new AwsCallError(`reading ${what}`, new Error('CloudFront returned no invalidation'));
  return {
    id: invalidation.Id,
    status: invalidation.Status ?? 'InProgress',
    ...(invalidation.CreateTime ? { createTime: invalidation.CreateTime.toISOString() } : {}),
  };
}
