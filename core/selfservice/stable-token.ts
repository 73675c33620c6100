import { createHash } from 'node:crypto';

/**
 * A token that is the same every time for the same parts (a Slack `trigger_id` and what it acts on), so that
 * a retried or doubly submitted command is recognized by AWS: `<prefix>-<40 hex of sha256>`.
 */
export function stableToken(prefix: string, ...parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${prefix}-${digest.slice(0, 40)}`;
}
