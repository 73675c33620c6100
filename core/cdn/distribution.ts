/** What infrabot needs to know about one CloudFront distribution (from ListDistributions). */
export interface DistributionSummary {
  id: string;
  /** The default domain, `dxxxx.cloudfront.net`. */
  domainName: string;
  aliases: readonly string[];
  /** `Deployed` or `InProgress`. */
  status: string;
  enabled: boolean;
  /** The domain names of the distribution's origins. */
  originDomains: readonly string[];
  comment?: string;
}

/** Why a distribution serves what the user asked about. */
export type MatchKind = 'id' | 'alias' | 'domain' | 'bucket';

export interface DistributionMatch {
  distribution: DistributionSummary;
  by: MatchKind;
}

const s3Domain =
  /^(?<bucket>[a-z0-9][a-z0-9.-]*[a-z0-9])\.(s3|s3[.-][a-z0-9-]+|s3-website[.-][a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/**
 * The bucket an S3 origin domain names, in any of its forms: `bucket.s3.amazonaws.com`,
 * `bucket.s3.<region>.amazonaws.com`, `bucket.s3-<region>.amazonaws.com` (legacy),
 * `bucket.s3-website-<region>.amazonaws.com` and `bucket.s3-website.<region>.amazonaws.com`.
 * @returns the bucket name, or undefined when the domain is not an S3 domain.
 */
export function bucketOfOriginDomain(domain: string): string | undefined {
  return s3Domain.exec(domain.toLowerCase())?.groups?.bucket;
}

/**
 * The distributions that serve a bucket, a domain or a distribution id: by id, by alias (wildcard aliases
 * such as `*.example.com` included), by default domain, or by an S3 origin naming the bucket.
 */
export function distributionsServing(
  distributions: readonly DistributionSummary[],
  query: string,
): DistributionMatch[] {
  const wanted = query.trim().replace(/\.$/, '');
  const lower = wanted.toLowerCase();
  const matches: DistributionMatch[] = [];
  for (const distribution of distributions) {
    const by = matchKind(distribution, wanted, lower);
    if (by) matches.push({ distribution, by });
  }
  return matches;
}

function matchKind(distribution: DistributionSummary, wanted: string, lower: string): MatchKind | undefined {
  if (distribution.id === wanted.toUpperCase()) return 'id';
  if (distribution.aliases.some((alias) => aliasMatches(alias.toLowerCase(), lower))) return 'alias';
  if (distribution.domainName.toLowerCase() === lower) return 'domain';
  const bucket = bucketOfOriginDomain(lower) ?? lower;
  if (distribution.originDomains.some((origin) => bucketOfOriginDomain(origin) === bucket)) return 'bucket';
  return undefined;
}

function aliasMatches(alias: string, domain: string): boolean {
  if (alias === domain) return true;
  if (!alias.startsWith('*.')) return false;
  const suffix = alias.slice(1);
  return domain.endsWith(suffix) && !domain.slice(0, -suffix.length).includes('.');
}
