import type { App } from '@slack/bolt';
import type { ChatMessage } from '../core/ports';
import { approveActionId } from '../core/render/slack/approval-blocks';
import type { Block } from '../core/render/slack/block-kit';
import { driftApplyActionId, driftCheckActionId, driftSnoozeActionId } from '../core/render/slack/drift-message';
import { applyActionId, planActionId } from '../core/render/slack/job-message';
import { stopApplyActionId } from '../core/render/slack/stop-apply-button';
import * as z from '../core/zod';
import type { BotDeps } from './deps';
import { registerSelfService } from './self-service/register';
import { SlackRoutes } from './slack-routes';
import { startDriftCheckFromSlack } from './tf/commands/drift';
import { applyDriftFromSlack, snoozeFromSlack } from './tf/drift-buttons';
import { answerInAck, handleTf, handleTfAction } from './tf/handle-tf';
import { startApply, startPlan } from './tf/start-job';
import { stopApply } from './tf/stop-job';
import type { CommandOutcome, TfContext } from './tf/tf-command';

/** How long a Slack request id is remembered, to drop retries and double clicks. */
const dedupeTtlMs = 10 * 60_000;

type Respond = (message: { response_type: 'ephemeral'; text: string; blocks?: unknown[] }) => Promise<unknown>;

function ephemeral(message: ChatMessage): { response_type: 'ephemeral'; text: string; blocks?: unknown[] } {
  return { response_type: 'ephemeral', text: message.text, ...(message.blocks ? { blocks: [...message.blocks] } : {}) };
}

function replyVia(respond: Respond): (message: ChatMessage) => Promise<void> {
  return async (message) => {
    await respond(ephemeral(message));
  };
}

const ApplyValueSchema = z.object({
  planJobId: z.string().check(z.minLength(1)),
  stack: z.string().check(z.minLength(1)),
});

const DriftValueSchema = z.object({
  stack: z.string().check(z.minLength(1)),
  fingerprint: z.string().check(z.minLength(1)),
});

/**
 * The Slack listeners. Read-only commands answer in the ack; everything else acks first (Slack allows 3
 * seconds) and hands its work to `deps.afterAck`, and a request id already seen (a Slack retry, a second click)
 * is dropped so that it never starts a second job.
 */
export function registerListeners(app: App, deps: BotDeps): void {
  const routes = new SlackRoutes();
  const claim = (key: string) => deps.store.claimOnce(key, dedupeTtlMs, deps.clock.now());

  routes.command('/tf', async ({ command, ack, respond }) => {
    const context = (reply: TfContext['reply']): TfContext => ({
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      reply,
      deps,
    });
    const reply = replyVia(respond as Respond);
    const answer = await answerInAck(command.text, context(reply)).catch((error: unknown) => {
      deps.logError(`checking "/tf ${command.text}" before the ack`, error);
      return undefined;
    });
    if (answer) {
      await ack(ephemeral(answer.reply));
      await deps.afterAck(answer.audit);
      return;
    }
    await ack();
    await deps.afterAck(async () => {
      if (!(await claim(`slack:command:${command.trigger_id}`))) return;
      await handleTf(command.text, context(reply));
    });
  });

  routes.action(applyActionId, async ({ ack, body, action, respond }) => {
    await ack();
    const raw = action.type === 'button' ? action.value : undefined;
    const parsed = ApplyValueSchema.safeParse(parseJson(raw));
    if (!parsed.success || body.type !== 'block_actions') return;
    await deps.afterAck(async () => {
      // One click per plan within the window: a double click never starts a second apply.
      if (!(await claim(`slack:apply:${parsed.data.planJobId}:${body.user.id}`))) return;
      const context = actionContext(body, respond as Respond, deps);
      const blocks = messageBlocks(body);
      await handleTfAction('apply', context, () =>
        startApply(parsed.data.stack, parsed.data.planJobId, context, blocks),
      );
    });
  });

  routes.action(approveActionId, async ({ ack, body, action, respond }) => {
    await ack();
    const raw = action.type === 'button' ? action.value : undefined;
    const parsed = ApplyValueSchema.safeParse(parseJson(raw));
    if (!parsed.success || body.type !== 'block_actions') return;
    await deps.afterAck(async () => {
      // A Slack retry is dropped; a second click is answered (the store counts each person once).
      if (!(await claim(`slack:action:${body.trigger_id}`))) return;
      const context = actionContext(body, respond as Respond, deps);
      const blocks = messageBlocks(body);
      await handleTfAction('apply', context, () =>
        startApply(parsed.data.stack, parsed.data.planJobId, context, blocks),
      );
    });
  });

  /**
   * A button whose value `read` accepts: acked, a Slack retry dropped (or, with `once`, every click but the first
   * with the same key within the claim window), then run like the `/tf` subcommand `name`.
   */
  const button = <T>(
    actionId: string,
    name: Parameters<typeof handleTfAction>[0],
    read: (raw: string | undefined) => T | undefined,
    run: (value: T, context: TfContext) => Promise<CommandOutcome>,
    once?: (value: T, userId: string) => string,
  ) =>
    routes.action(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const value = read(action.type === 'button' ? action.value : undefined);
      if (value === undefined || body.type !== 'block_actions') return;
      const key = once ? once(value, body.user.id) : `slack:action:${body.trigger_id}`;
      await deps.afterAck(async () => {
        if (!(await claim(key))) return;
        const context = actionContext(body, respond as Respond, deps);
        await handleTfAction(name, context, () => run(value, context));
      });
    });
  const driftValue = (raw: string | undefined) => DriftValueSchema.safeParse(parseJson(raw)).data;

  button(
    planActionId,
    'plan',
    (stack) => stack || undefined,
    (stack, context) => startPlan(stack, undefined, context),
  );
  button(driftCheckActionId, 'drift', (stack) => stack || undefined, startDriftCheckFromSlack);
  // As with Apply: a double click on Apply to fix never starts a second apply of the same drift.
  button(
    driftApplyActionId,
    'apply',
    driftValue,
    ({ stack, fingerprint }, context) => applyDriftFromSlack(stack, fingerprint, context),
    ({ stack, fingerprint }, userId) => `slack:apply-drift:${stack}:${fingerprint}:${userId}`,
  );
  button(driftSnoozeActionId, 'drift', driftValue, ({ stack, fingerprint }, context) =>
    snoozeFromSlack(stack, fingerprint, context),
  );
  button(stopApplyActionId, 'cancel', (jobId) => jobId || undefined, stopApply);

  registerSelfService(routes, deps);
  routes.register(app);
}

function actionContext(
  body: { user: { id: string }; channel?: { id: string } | undefined; trigger_id: string },
  respond: Respond,
  deps: BotDeps,
): TfContext {
  return {
    userId: body.user.id,
    channelId: body.channel?.id ?? '',
    triggerId: body.trigger_id,
    reply: replyVia(respond),
    deps,
  };
}

/** The blocks of the message a button was clicked on (our own message, as Slack sends it back), if any. */
function messageBlocks(body: { message?: Record<string, unknown> }): readonly Block[] | undefined {
  const blocks = body.message?.blocks;
  return Array.isArray(blocks) ? (blocks as Block[]) : undefined;
}

/** A button value is ours, but arrives from outside: anything unreadable is treated as absent. */
function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
