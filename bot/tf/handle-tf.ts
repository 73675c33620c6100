import { closestNames } from '../../core/stacks/closest-names';
import { usageReply } from './replies';
import { isTfSubcommand, tfCommands } from './table';
import { type CommandOutcome, type TfContext, UsageError } from './tf-command';

/** Splits the command text on whitespace; Slack sends the text after `/tf` as one string. */
export function tokenize(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
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
  const { deps } = context;
  const actor = { source: 'slack', id: context.userId } as const;
  const words = tokenize(text);
  try {
    const { name, result } = await runSubcommand(words, context);
    if (result.audited) return;
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor,
      action: `tf.${name}`,
      target: result.target,
      outcome: result.outcome,
      ...(result.detail !== undefined ? { detail: result.detail } : {}),
    });
  } catch (error) {
    deps.logError(`handling "/tf ${words.join(' ')}" for ${context.userId}`, error);
    await context
      .reply({
        text: `Something went wrong while handling /tf ${words[0] ?? ''}. The SRE team can find it in the bot's log at ${deps.clock.now().toISOString()}.`,
      })
      .catch((replyError: unknown) => deps.logError('replying about a failure', replyError));
  }
}
