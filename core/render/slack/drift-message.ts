import type { DriftNews } from '../../drift/drift-news';
import type { DriftedResource, PendingChange } from '../../drift/drift-report';
import type { ChatMessage } from '../../ports';
import { type Block, type ButtonElement, context, escapeMrkdwn, link, plainText, section } from './block-kit';

/** Action ids of the buttons on a drift message. */
export const driftCheckActionId = 'drift_check';
export const driftSnoozeActionId = 'drift_snooze';
export const driftApplyActionId = 'drift_apply';

/** Resources listed per kind in a message; the rest are counted. */
const listedMax = 15;

/** What the drift message needs besides the news: the check's job, its stack and its log. */
export interface DriftMessageInput {
  stack: string;
  jobId: string;
  logUrl?: string;
  /** Whether the drift check's saved plan can be applied (it has changes). */
  applicable: boolean;
}

function listed<T>(items: readonly T[], line: (item: T) => string): string {
  const shown = items.slice(0, listedMax).map(line);
  if (items.length > listedMax) shown.push(`…and ${items.length - listedMax} more`);
  return shown.join('\n');
}

function outsideLine(resource: DriftedResource): string {
  const attributes =
    resource.attributes.length > 0 ? `: ${resource.attributes.map((a) => `\`${escapeMrkdwn(a)}\``).join(', ')}` : '';
  return `• \`${escapeMrkdwn(resource.address)}\` (${resource.action})${attributes}`;
}

function pendingLine(change: PendingChange): string {
  return `• \`${escapeMrkdwn(change.address)}\` (${change.action})`;
}

function countsLine(outside: number, pending: number): string {
  const parts = [];
  if (outside > 0) parts.push(`${outside} changed outside Terraform`);
  if (pending > 0) parts.push(`${pending} not applied`);
  return parts.join(' · ');
}

function buttons(input: DriftMessageInput, fingerprint: string, hasOutside: boolean): ButtonElement[] {
  const revert = hasOutside
    ? ' Resources changed outside Terraform are set back to what the code says: *this reverts the manual change*.'
    : '';
  const value = JSON.stringify({ stack: input.stack, fingerprint });
  const apply: ButtonElement = {
    type: 'button',
    action_id: driftApplyActionId,
    text: plainText('Apply to fix'),
    style: 'danger',
    value,
    confirm: {
      title: plainText('Apply the code?'),
      text: {
        type: 'mrkdwn',
        text: `This applies the latest drift check's plan of \`${escapeMrkdwn(input.stack)}\`, if it still finds this drift.${revert}`,
      },
      confirm: plainText('Apply to fix'),
      deny: plainText('Cancel'),
      style: 'danger',
    },
  };
  const again: ButtonElement = {
    type: 'button',
    action_id: driftCheckActionId,
    text: plainText('Plan again'),
    value: input.stack,
  };
  const snooze: ButtonElement = {
    type: 'button',
    action_id: driftSnoozeActionId,
    text: plainText('Snooze 7 days'),
    value,
  };
  return input.applicable ? [apply, again, snooze] : [again, snooze];
}

function driftBlocks(news: Extract<DriftNews, { kind: 'drift' }>, input: DriftMessageInput): Block[] {
  const { outside, pending, fingerprint } = news.state;
  const blocks: Block[] = [
    section(`:warning: *Drift in \`${escapeMrkdwn(input.stack)}\`* · ${countsLine(outside.length, pending.length)}`),
  ];
  if (outside.length > 0) blocks.push(section(`*Changed outside Terraform*\n${listed(outside, outsideLine)}`));
  if (pending.length > 0) blocks.push(section(`*Code not applied*\n${listed(pending, pendingLine)}`));
  const log = link(input.logUrl, 'check log');
  blocks.push(context([`drift check \`${input.jobId}\``, ...(log ? [log] : [])].join(' · ')));
  blocks.push({
    type: 'actions',
    block_id: 'drift_actions',
    elements: buttons(input, fingerprint, outside.length > 0),
  });
  return blocks;
}

/** The drift channel's message for a piece of news: new drift (with its buttons), back in sync, or a failed check. */
export function renderDriftNews(news: Exclude<DriftNews, { kind: 'none' }>, input: DriftMessageInput): ChatMessage {
  const name = `\`${escapeMrkdwn(input.stack)}\``;
  const log = link(input.logUrl, 'check log');
  switch (news.kind) {
    case 'drift':
      return { text: `Drift in ${input.stack}`, blocks: driftBlocks(news, input) };
    case 'in_sync':
      return {
        text: `${input.stack} is back in sync`,
        blocks: [section(`:white_check_mark: ${name} is back in sync with its code.`), ...(log ? [context(log)] : [])],
      };
    case 'failed':
      return {
        text: `Drift check of ${input.stack} failed`,
        blocks: [
          section(`:x: The drift check of ${name} failed: ${escapeMrkdwn(news.reason)}`),
          context([`drift check \`${input.jobId}\``, ...(log ? [log] : [])].join(' · ')),
        ],
      };
  }
}
