import type { Job, Requester } from '../../core/jobs/job';
import { type ApprovalState, approvalBlocks, withApprovalBlocks } from '../../core/render/slack/approval-blocks';
import type { Block } from '../../core/render/slack/block-kit';
import { renderJobFinished } from '../../core/render/slack/job-message';
import type { Outcome } from '../../core/usecases/refusal';
import type { TfContext } from './tf-command';

/** The approval state an apply request's outcome leaves a flagged plan in, if it touched approvals at all. */
function stateOf(
  outcome: Outcome<{ job: Job; approvedBy: readonly Requester[] }>,
  plan: Job | undefined,
): ApprovalState | undefined {
  if (outcome.ok) {
    return plan && outcome.approvedBy.length > 0
      ? { kind: 'approved', plan, approvers: outcome.approvedBy, applyJobId: outcome.job.id }
      : undefined;
  }
  if (
    outcome.reason === 'needs_approvals' ||
    outcome.reason === 'already_approved' ||
    outcome.reason === 'own_plan_approval'
  ) {
    return { kind: 'pending', plan: outcome.plan, needed: outcome.needed, approvers: outcome.approvers };
  }
  return undefined;
}

/**
 * Shows where the approvals of a flagged plan stand on the plan's own message: "needs 1 more approval" with
 * an Approve button, or who approved once the apply started. The message clicked keeps its blocks (and so its
 * plan text); from a command, the message is drawn again from the job.
 */
export async function showApprovals(
  outcome: Outcome<{ job: Job; approvedBy: readonly Requester[] }>,
  planJobId: string | undefined,
  context: TfContext,
  messageBlocks: readonly Block[] | undefined,
): Promise<void> {
  const plan = outcome.ok ? (planJobId ? await context.deps.store.getJob(planJobId) : undefined) : undefined;
  const state = stateOf(outcome, plan);
  const reply = state?.plan.reply;
  if (!state || !reply) return;
  const base = messageBlocks ?? renderJobFinished({ job: state.plan }).blocks ?? [];
  const blocks = withApprovalBlocks(base as Block[], approvalBlocks(state));
  try {
    await context.deps.chat.update(reply.channel, reply.ts, { text: `plan of ${state.plan.stack}: approvals`, blocks });
  } catch (error) {
    context.deps.logError(`showing the approvals of plan ${state.plan.id}`, error);
  }
}
