import { stableToken } from '../selfservice/stable-token';

/**
 * The `CallerReference` of the invalidation a Slack command asks for: a stable hash of the command's
 * `trigger_id`, so that a retried or doubly submitted command sends the same reference and CloudFront
 * returns the existing invalidation instead of creating a second one. The distribution is part of the hash
 * so that one trigger can never collide across distributions.
 */
export function callerReferenceFor(triggerId: string, distributionId: string): string {
  return stableToken('infrabot', distributionId, triggerId);
}
