import type { AuditEntry, ChatMessage } from '../../core/ports';
import type { BotDeps } from '../deps';

/** One `/tf` invocation, after the ack. */
export interface TfContext {
  userId: string;
  channelId: string;
  /** Unique per invocation; a retried request carries the same one. */
  triggerId: string;
  /** Replies to the user alone (ephemeral). */
  reply: (message: ChatMessage) => Promise<void>;
  deps: BotDeps;
}

/** What a command did, for the audit log. `audited` when the use case wrote its own line. */
export interface CommandOutcome {
  outcome: AuditEntry['outcome'];
  target: string;
  detail?: string;
  audited?: boolean;
}

export interface TfCommand {
  usage: string;
  summary: string;
  run(args: readonly string[], context: TfContext): Promise<CommandOutcome>;
}

/** A mistake in how a command was called; answered with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}
