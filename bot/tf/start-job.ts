import { ChannelUnavailableError } from '../../adapters/slack/slack-chat';
import type { Job, Requester } from '../../core/jobs/job';
import type { Block } from '../../core/render/slack/block-kit';
import { planButton, renderJobProgress } from '../../core/render/slack/job-message';
import type { Outcome, RefusalReason } from '../../core/usecases/refusal';
import { requestApply } from '../../core/usecases/request-apply';
import { requestPlan } from '../../core/usecases/request-plan';
import type { Announce } from '../../core/usecases/submit-job';
import { infoReply, refusalReply } from './replies';
import type { CommandOutcome, TfContext } from './tf-command';

/** Posts the job's message in the channel the command came from; the job updates it from then on. */
function announceIn(context: TfContext): Announce {
  return async (job: Job) => {
    const { ts } = await context.deps.chat.post(context.channelId, renderJobProgress(job));
    return { channel: context.channelId, ts };
  };
}

function requester(context: TfContext): Requester {
  return { source: 'slack', id: context.userId };
}

/** Refusals that a fresh plan would cure get a "Plan now" button. */
const curedByPlanning: ReadonlySet<RefusalReason> = new Set([
  'no_plan',
  'plan_too_old',
  'plan_stale',
  'plan_superseded',
]);

async function report(outcome: Outcome<{ job: Job }>, stack: string, context: TfContext): Promise<CommandOutcome> {
  if (outcome.ok) return { outcome: 'accepted', target: stack, audited: true };
  const buttons: Block[] = curedByPlanning.has(outcome.reason)
    ? [{ type: 'actions', elements: [planButton(stack)] }]
    : [];
  await context.reply(refusalReply(outcome, buttons));
  return { outcome: 'refused', target: stack, detail: outcome.reason };
}

/** A job is announced in the channel before it is recorded, so a channel the bot cannot post in starts nothing. */
async function requestIn(
  stack: string,
  context: TfContext,
  request: () => Promise<Outcome<{ job: Job }>>,
): Promise<CommandOutcome> {
  try {
    return await report(await request(), stack, context);
  } catch (error) {
    if (!(error instanceof ChannelUnavailableError)) throw error;
    await context.reply(
      infoReply(
        `I cannot post in this channel (Slack says ${error.slackError}): invite the bot to this channel with \`/invite @infrabot\`, or use /tf in a channel it is in.`,
      ),
    );
    return { outcome: 'refused', target: stack, detail: error.slackError };
  }
}

/** `/tf plan` and the "Plan now" button. */
export async function startPlan(stack: string, ref: string | undefined, context: TfContext): Promise<CommandOutcome> {
  return requestIn(stack, context, () =>
    requestPlan(
      { stack, requester: requester(context), ...(ref !== undefined ? { ref } : {}) },
      announceIn(context),
      context.deps.requests,
    ),
  );
}

/** `/tf apply` and the Apply button. */
export async function startApply(
  stack: string,
  planJobId: string | undefined,
  context: TfContext,
): Promise<CommandOutcome> {
  return requestIn(stack, context, () =>
    requestApply(
      { stack, requester: requester(context), ...(planJobId !== undefined ? { planJobId } : {}) },
      announceIn(context),
      context.deps.requests,
    ),
  );
}
