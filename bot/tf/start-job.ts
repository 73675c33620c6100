import { ChannelUnavailableError } from '../../adapters/slack/slack-chat';
import type { Job, Requester } from '../../core/jobs/job';
import type { Block } from '../../core/render/slack/block-kit';
import { planButton, renderJobProgress } from '../../core/render/slack/job-message';
import type { Outcome, RefusalReason } from '../../core/usecases/refusal';
import { requestApply } from '../../core/usecases/request-apply';
import { requestPlan } from '../../core/usecases/request-plan';
import type { Announce } from '../../core/usecases/submit-job';
import { showApprovals } from './approval-message';
import { infoReply, refusalReply } from './replies';
import type { CommandOutcome, TfContext } from './tf-command';

/**
 * Posts the job's message in the channel the command came from; the job updates it from then on. Remembers
 * the job it announced, so that a job that never reached the dispatcher can say so in that message too.
 */
function announceIn(context: TfContext): { announce: Announce; announced: () => Job | undefined } {
  let announced: Job | undefined;
  const announce: Announce = async (job: Job) => {
    const { ts } = await context.deps.chat.post(context.channelId, renderJobProgress(job));
    announced = { ...job, reply: { channel: context.channelId, ts } };
    return announced.reply;
  };
  return { announce, announced: () => announced };
}

export function requester(context: TfContext): Requester {
  return { source: 'slack', id: context.userId };
}

/** Refusals that a fresh plan would cure get a "Plan now" button. */
const curedByPlanning: ReadonlySet<RefusalReason> = new Set([
  'no_plan',
  'plan_too_old',
  'plan_stale',
  'plan_superseded',
]);

async function report(
  outcome: Outcome<{ job: Job }>,
  announced: Job | undefined,
  stack: string,
  context: TfContext,
): Promise<CommandOutcome> {
  if (outcome.ok) return { outcome: 'accepted', target: stack, audited: true };
  if (outcome.reason === 'dispatch_failed' && announced) {
    const failed: Job = { ...announced, status: 'failed', reason: outcome.why };
    await context.deps.reporter.jobFinished(failed, { job: failed });
  }
  const buttons: Block[] = curedByPlanning.has(outcome.reason)
    ? [{ type: 'actions', elements: [planButton(stack)] }]
    : [];
  await context.reply(refusalReply(outcome, buttons));
  return { outcome: 'refused', target: stack, detail: outcome.reason };
}

/** A job is announced in the channel before it is recorded, so a channel the bot cannot post in starts nothing. */
export async function requestIn(
  stack: string,
  context: TfContext,
  request: (announce: Announce) => Promise<Outcome<{ job: Job }>>,
): Promise<CommandOutcome> {
  const { announce, announced } = announceIn(context);
  try {
    return await report(await request(announce), announced(), stack, context);
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
  return requestIn(stack, context, (announce) =>
    requestPlan(
      { stack, requester: requester(context), ...(ref !== undefined ? { ref } : {}) },
      announce,
      context.deps.requests,
    ),
  );
}

/**
 * `/tf apply`, the Apply button and the Approve button. For a plan with risk flags, each is one approval, and
 * the plan's message (`messageBlocks`, when clicked) shows where the approvals stand.
 */
export async function startApply(
  stack: string,
  planJobId: string | undefined,
  context: TfContext,
  messageBlocks?: readonly Block[],
): Promise<CommandOutcome> {
  return requestIn(stack, context, async (announce) => {
    const outcome = await requestApply(
      { stack, requester: requester(context), ...(planJobId !== undefined ? { planJobId } : {}) },
      announce,
      context.deps.requests,
    );
    await showApprovals(outcome, planJobId, context, messageBlocks);
    return outcome;
  });
}
