import { snoozeDrift } from '../../core/usecases/request-drift-check';
import { infoReply, refusalReply } from './replies';
import type { CommandOutcome, TfContext } from './tf-command';

/** The Snooze button of a drift message: this drift stays silent for 7 days; a different one speaks at once. */
export async function snoozeFromSlack(stack: string, fingerprint: string, context: TfContext): Promise<CommandOutcome> {
  const outcome = await snoozeDrift(stack, fingerprint, { source: 'slack', id: context.userId }, context.deps.requests);
  if (!outcome.ok) {
    await context.reply(refusalReply(outcome));
    return { outcome: 'refused', target: stack, detail: outcome.reason };
  }
  const until = `${outcome.until.slice(0, 16).replace('T', ' ')} UTC`;
  await context.reply(
    infoReply(`Snoozed: this drift of \`${stack}\` stays silent until ${until}; a different drift speaks at once.`),
  );
  return { outcome: 'succeeded', target: stack, detail: `snoozed until ${outcome.until}` };
}
