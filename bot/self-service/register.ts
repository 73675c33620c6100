import type { ChatMessage } from '../../core/ports';
import { isEnabled, notEnabledReply, type SelfServiceCommand } from '../../core/selfservice/enabled';
import { handleCdn } from '../cdn/handle-cdn';
import type { BotDeps } from '../deps';
import { handleLogs } from '../logs/handle-logs';
import type { SlackRoutes } from '../slack-routes';
import type { SelfServiceContext } from './context';

/** How long a Slack request id is remembered, to drop retries and double submits. */
const dedupeTtlMs = 10 * 60_000;

type EphemeralMessage = { response_type: 'ephemeral'; text: string; blocks?: unknown[] };
type Respond = (message: EphemeralMessage) => Promise<unknown>;
type SlashArgs = {
  command: { text: string; user_id: string; channel_id: string; trigger_id: string; response_url: string };
  ack: (message?: EphemeralMessage) => Promise<void>;
  respond: unknown;
};

/**
 * The `/cdn` and `/logs` listeners. A command whose `infrabot.yaml` section is absent is answered in the ack
 * itself: not enabled, and where to read how to enable it. Otherwise, like `/tf`, each acks first, drops a
 * request id it has already seen, and only then works; long work goes to the worker.
 */
export function registerSelfService(routes: SlackRoutes, deps: BotDeps): void {
  const listen = (name: SelfServiceCommand, handle: (text: string, context: SelfServiceContext) => Promise<void>) => {
    return async ({ command, ack, respond }: SlashArgs) => {
      const selfService = deps.selfService;
      if (selfService === undefined || !isEnabled(deps.config, name)) {
        await ack({ response_type: 'ephemeral', text: notEnabledReply(name).text });
        await deps.afterAck(() => auditNotEnabled(deps, name, command.user_id));
        return;
      }
      await ack();
      await deps.afterAck(async () => {
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
      });
    };
  };
  routes.command('/cdn', listen('cdn', handleCdn));
  routes.command('/logs', listen('logs', handleLogs));
}

async function auditNotEnabled(deps: BotDeps, name: SelfServiceCommand, userId: string): Promise<void> {
  await deps.store
    .appendAudit({
      at: deps.clock.now().toISOString(),
      actor: { source: 'slack', id: userId },
      action: name,
      target: '*',
      outcome: 'refused',
      detail: 'not enabled',
    })
    .catch((error: unknown) => deps.logError(`recording /${name}, which is not enabled`, error));
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
