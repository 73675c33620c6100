import { driftPlanToApply, snoozeDrift } from '../../core/usecases/request-drift-check';
import { infoReply, refusalReply } from './replies';
import { startApply } from './start-job';
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

/**
 * Apply to fix on a drift message: applies the latest drift check's saved plan under every rule of an apply
 * (the stack's appliers, a plan of the default branch's head, fresh, not superseded, approvals for risks).
 */
export async function applyDriftFromSlack(
  stack: string,
  fingerprint: string,
  context: TfContext,
): Promise<CommandOutcome> {
  const plan = await driftPlanToApply(stack, fingerprint, context.deps.requests);
  if (!plan.ok) {
    await context.reply(refusalReply(plan));
    return { outcome: 'refused', target: stack, detail: plan.reason };
  }
  return startApply(stack, plan.planJobId, context);
}
