import type { CdnDistributionConfig } from '../config/schema';
import type { ChatMessage } from '../ports';
import { escapeMrkdwn, section } from '../render/slack/block-kit';
import { code } from '../selfservice/mrkdwn';
import { formatDuration } from '../time/duration';
import type { DistributionMatch } from './distribution';

/** How to use `/cdn`, shown by `/cdn help` and with every usage error. */
export const cdnUsage = [
  '`/cdn which <bucket|domain|distribution-id>`: which CloudFront distributions serve it',
  '`/cdn invalidate <name|distribution-id|domain|bucket> <path> [path…]`: clear paths from the cache, e.g. `/cdn invalidate images /logo.png /css/*`',
  'Paths start with `/`; a `*` may only end a path; no `..`, spaces, `?` or non-ASCII characters (percent-encode them).',
].join('\n');

/** An error the user made, with the usage below it. */
export function cdnUsageError(message: string): ChatMessage {
  return {
    text: `${message}\n${cdnUsage}`,
    blocks: [section(`:warning: ${escapeMrkdwn(message)}`), section(cdnUsage)],
  };
}

/** The answer to `/cdn which`: each distribution with its id, aliases and status. */
export function renderWhich(
  query: string,
  matches: readonly DistributionMatch[],
  configured: readonly CdnDistributionConfig[],
): ChatMessage {
  if (matches.length === 0) {
    const text = `No CloudFront distribution serves ${code(query)} (checked ids, aliases, default domains and S3 origins).`;
    return { text, blocks: [section(text)] };
  }
  const lines = matches.map(({ distribution: d, by }) => {
    const name = configured.find((entry) => entry.id === d.id)?.name;
    const aliases = d.aliases.length > 0 ? d.aliases.map(code).join(', ') : 'no aliases';
    const label = name ? `*${name}* ${code(d.id)}` : `${code(d.id)} (not in infrabot.yaml, cannot be invalidated here)`;
    return `• ${label}: ${aliases}, ${code(d.domainName)}, ${d.status}${d.enabled ? '' : ', disabled'} (matched by ${by})`;
  });
  const text = `Distributions serving ${code(query)}:\n${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}

/** Where an invalidation stands, for the message that is posted and then updated. */
export type InvalidationState =
  | { state: 'in_progress' }
  | { state: 'completed'; elapsedMs: number }
  | { state: 'still_running'; elapsedMs: number }
  | { state: 'unknown'; elapsedMs: number };

export interface InvalidationReport {
  userId: string;
  distribution: CdnDistributionConfig;
  paths: readonly string[];
  invalidationId: string;
}

const shownPaths = 20;

/** "<@U> invalidated N paths on images (E…)" with the paths and the state. */
export function renderInvalidation(report: InvalidationReport, state: InvalidationState): ChatMessage {
  const { userId, distribution, paths, invalidationId } = report;
  const count = paths.length === 1 ? '1 path' : `${paths.length} paths`;
  const more = paths.length > shownPaths ? ` and ${paths.length - shownPaths} more` : '';
  const list = paths.slice(0, shownPaths).map(code).join(' ') + more;
  const head = `<@${userId}> invalidated ${count} on *${distribution.name}* ${code(distribution.id)}: ${list}`;
  const status = statusLine(state, invalidationId);
  return { text: `${head}\n${status}`, blocks: [section(head), section(status)] };
}

function statusLine(state: InvalidationState, id: string): string {
  if (state.state === 'in_progress') return `:hourglass_flowing_sand: In progress (invalidation ${code(id)})`;
  if (state.state === 'completed') {
    return `:white_check_mark: Completed in ${formatDuration(state.elapsedMs)} (invalidation ${code(id)})`;
  }
  if (state.state === 'unknown') {
    return `:grey_question: Created, but its status could not be read from CloudFront; CloudFront finishes it on its own (invalidation ${code(id)})`;
  }
  return `:hourglass: Still in progress after ${formatDuration(state.elapsedMs)}; CloudFront finishes it on its own (invalidation ${code(id)})`;
}
