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
  planJobButton,
  section,
} from './block-kit';
import { escapeMrkdwnKeepingMentions } from './escape';
import { planBlocks } from './plan-part';

/** Action ids of the buttons infrabot posts; the bot routes clicks by them. */
export const applyActionId = 'tf_apply';
export const planActionId = 'tf_plan';

const icons: Record<Job['status'], string> = {
  waiting: ':double_vertical_bar:',
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
  return planJobButton(job, {
    actionId: applyActionId,
    label: 'Apply',
    style: 'danger',
    title: 'Apply this plan?',
    text: `This applies plan \`${job.id}\` to \`${escapeMrkdwn(job.stack)}\` and changes real infrastructure.`,
  });
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
  // Reasons name people as mentions (`stopped by <@U…>`), which stay mentions.
  if (job.reason) blocks.push(section(`*Why:* ${escapeMrkdwnKeepingMentions(job.reason)}`));
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
