import { distributionsServing } from '../cdn/distribution';
import { renderWhich } from '../cdn/messages';
import type { ChatMessage } from '../ports';
import type { CdnDeps } from './cdn-deps';

/**
 * `/cdn which <bucket|domain|id>`: the distributions that serve it, by id, alias, default domain or S3
 * origin. Read-only and open to everyone, so it is neither authorized nor audited.
 */
export async function whichCdn(query: string, deps: Pick<CdnDeps, 'cdn' | 'config'>): Promise<ChatMessage> {
  const distributions = await deps.cdn.listDistributions();
  return renderWhich(query, distributionsServing(distributions, query), deps.config?.distributions ?? []);
}
