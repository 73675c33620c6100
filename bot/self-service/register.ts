import type { App } from '@slack/bolt';
import type { ChatMessage } from '../../core/ports';
import { handleCdn } from '../cdn/handle-cdn';
import type { BotDeps } from '../deps';
import { handleLogs } from '../logs/handle-logs';
import type { SelfServiceBotDeps, SelfServiceContext } from './context';

/** How long a Slack request id is remembered, to drop retries and double submits. */
const dedupeTtlMs = 10 * 60_000;

type Respond = (message: { response_type: 'ephemeral'; text: string; blocks?: unknown[] }) => Promise<unknown>;
type SlashArgs = {
  command: { text: string; user_id: string; channel_id: string; trigger_id: string; response_url: string };
  ack: () => Promise<void>;
  respond: unknown;
};

/**
 * The `/cdn` and `/logs` listeners, when the wiring provides the self-service dependencies. Like `/tf`, each
 * acks first, drops a request id it has already seen, and only then works; long work goes to the worker.
 */
export function registerSelfService(app: App, deps: BotDeps, selfService: SelfServiceBotDeps): void {
  const listen = (handle: (text: string, context: SelfServiceContext) => Promise<void>) => {
    return async ({ command, ack, respond }: SlashArgs) => {
      await ack();
      const fresh = await deps.store.claimOnce(`slack:command:${command.trigger_id}`, dedupeTtlMs, deps.clock.now());
      if (!fresh) return;
      const context: SelfServiceContext = {
        userId: command.user_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
        responseUrl: command.response_url,
        reply: replyVia(respond as Respond),
        deps,
        selfService,
      };
      await handle(command.text, context);
    };
  };
  app.command('/cdn', listen(handleCdn));
  app.command('/logs', listen(handleLogs));
}

function replyVia(respond: Respond): (message: ChatMessage) => Promise<void> {
  return async (message) => {
    await respond({
      response_type: 'ephemeral',
      text: message.text,
      ...(message.blocks ? { blocks: [...message.blocks] } : {}),
    });
  };
}
