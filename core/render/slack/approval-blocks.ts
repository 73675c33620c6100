import type { Job, Requester } from '../../jobs/job';
import { moreApprovals } from '../refusal-text';
import { type Block, type ButtonElement, planJobButton, section } from './block-kit';

/** The action id of the Approve button of a plan with risk flags. */
export const approveActionId = 'tf_approve';

/** Block ids of the job message's approval line and buttons, replaced on each approval. */
const approvalBlockIds = ['job_approvals', 'job_actions'];

/** Where the approvals of a flagged plan stand: still needed, or enough and the apply started. */
export type ApprovalState =
  | { kind: 'pending'; plan: Job; needed: number; approvers: readonly Requester[] }
  | { kind: 'approved'; plan: Job; approvers: readonly Requester[]; applyJobId: string };

function mention(requester: Requester): string {
  return requester.source === 'slack' ? `<@${requester.id}>` : requester.id;
}

/** The Approve button, for the stack's appliers other than whoever made the plan. */
export function approveButton(plan: Job): ButtonElement {
  return planJobButton(plan, {
    actionId: approveActionId,
    label: 'Approve',
    style: 'primary',
    title: 'Approve this apply?',
    text: `You approve applying plan \`${plan.id}\`, with its risk flags, to real infrastructure.`,
  });
}

/** The approval line (and the Approve button while approvals are missing) of a flagged plan's message. */
export function approvalBlocks(state: ApprovalState): Block[] {
  const who = state.approvers.map(mention).join(', ');
  if (state.kind === 'approved') {
    return [
      {
        ...section(`:white_check_mark: *Approved* by ${who}: applying as job \`${state.applyJobId}\`.`),
        block_id: 'job_approvals',
      },
    ];
  }
  const missing = state.needed - state.approvers.length;
  const so = state.approvers.length > 0 ? ` Approved by ${who}.` : '';
  return [
    {
      ...section(`:lock: *Needs ${moreApprovals(missing)}* before this plan with risk flags is applied.${so}`),
      block_id: 'job_approvals',
    },
    { type: 'actions', block_id: 'job_actions', elements: [approveButton(state.plan)] },
  ];
}

/** A job message's blocks with its approval line and buttons replaced by `approval`. */
export function withApprovalBlocks(blocks: readonly Block[], approval: readonly Block[]): Block[] {
  const kept = blocks.filter((block) => !approvalBlockIds.includes(String((block as { block_id?: unknown }).block_id)));
  return [...kept, ...approval];
}
