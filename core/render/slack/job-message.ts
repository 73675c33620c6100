import type { Job } from '../../jobs/job';
import type { ChatMessage, JobEnd } from '../../ports';
import { formatDuration } from '../../time/duration';
import {
  type Block,
  type ButtonElement,
  codeSection,
  context,
  escapeMrkdwn,
  link,
  plainText,
  section,
} from './block-kit';
import { planBlocks } from './plan-part';

/** Action ids of the buttons infrabot posts; the bot routes clicks by them. */
export const applyActionId = 'tf_apply';
export const planActionId = 'tf_plan';
export const stopApplyActionId = 'tf_stop_apply';

const icons: Record<Job['status'], string> = {
  queued: ':hourglass_flowing_sand:',
  running: ':gear:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
};

function headline(job: Job): string {
  const at = `\`${job.sha.slice(0, 8)}\`${job.ref ? ` (${escapeMrkdwn(job.ref)})` : ''}${job.pr ? ` for PR #${job.pr}` : ''}`;
  const verb = job.action === 'apply' ? 'Apply' : 'Plan';
  return `${icons[job.status]} *${verb}* of \`${escapeMrkdwn(job.stack)}\` at ${at} · ${job.status}`;
}

function details(job: Job): Block {
  const who = job.requestedBy.source === 'slack' ? `<@${job.requestedBy.id}>` : escapeMrkdwn(job.requestedBy.id);
  const parts = [`requested by ${who}`, `job \`${job.id}\``];
  if (job.planJobId) parts.push(`plan \`${job.planJobId}\``);
  if (job.startedAt && job.finishedAt) {
    parts.push(formatDuration(Date.parse(job.finishedAt) - Date.parse(job.startedAt)));
  }
  const log = link(job.build?.logUrl, 'build log');
  if (log) parts.push(log);
  return context(parts.join(' · '));
}

/** The Apply button, behind Slack's confirmation dialog. */
export function applyButton(job: Job): ButtonElement {
  return {
    type: 'button',
    action_id: applyActionId,
    text: plainText('Apply'),
    style: 'danger',
    value: JSON.stringify({ planJobId: job.id, stack: job.stack }),
    confirm: {
      title: plainText('Apply this plan?'),
      text: {
        type: 'mrkdwn',
        text: `This applies plan \`${job.id}\` to \`${escapeMrkdwn(job.stack)}\` and changes real infrastructure.`,
      },
      confirm: plainText('Apply'),
      deny: plainText('Cancel'),
      style: 'danger',
    },
  };
}

/** The admin's "Stop apply" button, behind a confirmation that says what stopping an apply risks. */
export function stopApplyButton(job: Job): ButtonElement {
  return {
    type: 'button',
    action_id: stopApplyActionId,
    text: plainText('Stop apply'),
    style: 'danger',
    value: job.id,
    confirm: {
      title: plainText('Stop this apply?'),
      text: {
        type: 'mrkdwn',
        text:
          `Terraform applying \`${escapeMrkdwn(job.stack)}\` (job \`${job.id}\`) is interrupted and given time to ` +
          'finish what it started and save its state; if it does not, it is killed. Resources may be left ' +
          'outside the state and the state locked (`terraform force-unlock`), and the stack needs a fresh plan.',
      },
      confirm: plainText('Stop apply'),
      deny: plainText('Keep running'),
      style: 'danger',
    },
  };
}

/** A "Plan now" button, offered when an apply is refused for want of a fresh plan. */
export function planButton(stack: string): ButtonElement {
  return { type: 'button', action_id: planActionId, text: plainText('Plan now'), style: 'primary', value: stack };
}

/** The channel message of a job that is queued or running. */
export function renderJobProgress(job: Job): ChatMessage {
  return { text: `${job.action} of ${job.stack}: ${job.status}`, blocks: [section(headline(job)), details(job)] };
}

/** The channel message of a finished job: the summary, the failure and its log tail, and the Apply button if allowed. */
export function renderJobFinished(end: JobEnd): ChatMessage {
  const { job } = end;
  const blocks: Block[] = [section(headline(job))];
  if (job.reason) blocks.push(section(`*Why:* ${escapeMrkdwn(job.reason)}`));
  // Five blocks at most are the job's own: headline, reason, log tail, details, actions.
  if (job.summary) blocks.push(...planBlocks(job, end, 5));
  if (job.status !== 'succeeded' && end.logTail) blocks.push(codeSection(end.logTail));
  if (job.status !== 'succeeded' && end.logTail === undefined && job.build) {
    blocks.push(context('The build left no log tail.'));
  }
  blocks.push(details(job));
  const canApply = job.action === 'plan' && job.status === 'succeeded' && job.summary?.hasChanges && end.applyAllowed;
  if (canApply) blocks.push({ type: 'actions', block_id: 'job_actions', elements: [applyButton(job)] });
  return { text: `${job.action} of ${job.stack}: ${job.status}`, blocks };
}
