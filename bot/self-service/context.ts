import type { AuditEntry, ChatMessage } from '../../core/ports';
import type { BotDeps } from '../deps';
import type { SelfServiceBotDeps } from './deps';

export type { SelfServiceBotDeps } from './deps';

/** One `/cdn` or `/logs` invocation, after the ack. */
export interface SelfServiceContext {
  userId: string;
  channelId: string;
  triggerId: string;
  /** The command's response_url, handed to the worker for its replies to the user alone. */
  responseUrl?: string;
  /** Replies to the user alone (ephemeral). */
  reply: (message: ChatMessage) => Promise<void>;
  deps: BotDeps;
  selfService: SelfServiceBotDeps;
}

/** What a command did, for the audit log; `audited` when the worker writes the lines. */
export interface SelfServiceOutcome {
  outcome: AuditEntry['outcome'];
  target: string;
  detail?: string;
  audited?: boolean;
}

/**
 * Runs a command body with the same edges as `/tf`: an audit line for every outcome the worker does not
 * record itself, and a short notice (never a stack trace) for the unexpected.
 */
export async function runAudited(
  action: string,
  context: SelfServiceContext,
  body: () => Promise<SelfServiceOutcome>,
): Promise<void> {
  const { deps } = context;
  try {
    const result = await body();
    if (result.audited) return;
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor: { source: 'slack', id: context.userId },
      action,
      target: result.target,
      outcome: result.outcome,
      ...(result.detail !== undefined ? { detail: result.detail } : {}),
    });
  } catch (error) {
    deps.logError(`handling ${action} for ${context.userId}`, error);
    await context
      .reply({
        text: `Something went wrong while handling ${action}. The SRE team can find it in the bot's log at ${deps.clock.now().toISOString()}.`,
      })
      .catch((replyError: unknown) => deps.logError('replying about a failure', replyError));
  }
}
