import type { ChatMessage } from '../../core/ports';
import { closestNames } from '../../core/stacks/closest-names';
import { usageReply } from './replies';
import { isTfSubcommand, tfCommands } from './table';
import {
  type CommandOutcome,
  isInstant,
  type Precheck,
  type TfCommand,
  type TfContext,
  UsageError,
} from './tf-command';

/** Splits the command text on whitespace; Slack sends the text after `/tf` as one string. */
export function tokenize(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

async function precheck(command: TfCommand, args: string[], context: TfContext): Promise<Precheck> {
  try {
    return await command.precheck?.(args, context);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { reply: usageReply(error.message, command.usage), detail: error.message };
  }
}

/** A reply that goes in the ack, and its audit line, written after the ack. */
export interface AnswerInAck {
  reply: ChatMessage;
  audit: () => Promise<void>;
}

/**
 * The reply to `/tf <text>` when it can go in the ack itself: read-only commands, mistakes, and requests
 * that a quick look refuses (an unknown stack, a lock someone else holds). Undefined when the command must
 * ack first and work after.
 */
export async function answerInAck(text: string, context: TfContext): Promise<AnswerInAck | undefined> {
  const words = tokenize(text);
  const name = (words[0] ?? 'help').toLowerCase();
  if (!isTfSubcommand(name) || isInstant(tfCommands[name], words.slice(1))) {
    const replies: ChatMessage[] = [];
    const ran = await runReporting(words, { ...context, reply: async (message) => void replies.push(message) });
    return {
      reply: replies[0] ?? { text: 'Done.' },
      audit: async () => (ran ? audit(ran.name, ran.result, context) : undefined),
    };
  }
  const refused = await precheck(tfCommands[name], words.slice(1), context);
  if (!refused) return undefined;
  const result: CommandOutcome = { outcome: 'refused', target: words[1] ?? '*', detail: refused.detail };
  return { reply: refused.reply, audit: () => audit(name, result, context) };
}

async function runSubcommand(words: string[], context: TfContext): Promise<{ name: string; result: CommandOutcome }> {
  const [first = 'help', ...args] = words;
  const name = first.toLowerCase();
  if (!isTfSubcommand(name)) {
    const guess = closestNames(name, Object.keys(tfCommands), 1);
    const hint = guess.length > 0 ? ` Did you mean "${guess[0]}"?` : '';
    await context.reply(usageReply(`unknown command "${first}".${hint}`, '/tf help'));
    return { name, result: { outcome: 'refused', target: '*', detail: `unknown command ${first}` } };
  }
  const command = tfCommands[name];
  try {
    return { name, result: await command.run(args, context) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await context.reply(usageReply(error.message, command.usage));
    return { name, result: { outcome: 'refused', target: args[0] ?? '*', detail: error.message } };
  }
}

/**
 * Runs one `/tf` invocation after the ack: the subcommand from the table, an ephemeral usage reply for
 * mistakes, an audit line for every outcome, and a short notice (never a stack trace) for the unexpected.
 */
export async function handleTf(text: string, context: TfContext): Promise<void> {
  const words = tokenize(text);
  try {
    const { name, result } = await runSubcommand(words, context);
    await audit(name, result, context);
  } catch (error) {
    await reportFailure(`handling "/tf ${words.join(' ')}"`, words[0] ?? '', error, context);
  }
}

/** Runs the subcommand; undefined when it failed unexpectedly, after telling the user and the log. */
async function runReporting(
  words: string[],
  context: TfContext,
): Promise<{ name: string; result: CommandOutcome } | undefined> {
  try {
    return await runSubcommand(words, context);
  } catch (error) {
    await reportFailure(`handling "/tf ${words.join(' ')}"`, words[0] ?? '', error, context);
    return undefined;
  }
}

/**
 * A button (Apply, Plan now, Stop apply) after the ack: run like the `/tf` subcommand it stands for, with the same audit
 * line for its outcome and the same short notice for the unexpected.
 */
export async function handleTfAction(
  name: 'apply' | 'plan' | 'drift' | 'cancel',
  context: TfContext,
  run: () => Promise<CommandOutcome>,
): Promise<void> {
  try {
    await audit(name, await run(), context);
  } catch (error) {
    await reportFailure(`handling the ${name} button`, name, error, context);
  }
}

async function audit(name: string, result: CommandOutcome, context: TfContext): Promise<void> {
  if (result.audited) return;
  const { deps } = context;
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: { source: 'slack', id: context.userId },
    action: `tf.${name}`,
    target: result.target,
    outcome: result.outcome,
    ...(result.detail !== undefined ? { detail: result.detail } : {}),
  });
}

async function reportFailure(activity: string, command: string, error: unknown, context: TfContext): Promise<void> {
  const { deps } = context;
  deps.logError(`${activity} for ${context.userId}`, error);
  await context
    .reply({
      text: `Something went wrong while handling /tf ${command}. The SRE team can find it in the bot's log at ${deps.clock.now().toISOString()}.`,
    })
    .catch((replyError: unknown) => deps.logError('replying about a failure', replyError));
}
