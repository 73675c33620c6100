/**
 * Builders for the blocks of infrabot's own messages (job progress, replies), over the structural Block Kit
 * types of slack-block.ts. Limits: at most 50 blocks a message; a section's text at most 3,000 characters.
 */
import { escapeMrkdwn, slackBlockText, slackLink } from './escape';
import { type SlackBlock, type SlackButton, type SlackPlainText, slackLimits } from './slack-block';

export type Block = SlackBlock;
export type ButtonElement = SlackButton;
export { escapeMrkdwn };

/** Cuts text to `max` characters, saying that it was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '\n… (cut)';
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

export function section(markdown: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, slackLimits.sectionText) } };
}

export function context(...markdown: string[]): Block {
  return {
    type: 'context',
    elements: markdown.map((text) => ({ type: 'mrkdwn', text: truncate(text, slackLimits.sectionText) })),
  };
}

/** A code block in a section, cut from the start so that the end of a log stays visible. */
export function codeSection(text: string): Block {
  const room = slackLimits.sectionText - 10;
  const safe = slackBlockText(text);
  const body = safe.length > room ? `…${safe.slice(safe.length - room + 1)}` : safe;
  return section(`\`\`\`${body}\`\`\``);
}

export function plainText(text: string): SlackPlainText {
  return { type: 'plain_text', text, emoji: true };
}

/** A link in mrkdwn, or nothing when there is no URL. */
export function link(url: string | undefined, label: string): string {
  return url ? slackLink(label, url) : '';
}

/** A button acting on one plan job (its id and stack as the value), behind Slack's confirmation dialog. */
export function planJobButton(
  job: { id: string; stack: string },
  button: { actionId: string; label: string; style: 'primary' | 'danger'; title: string; text: string },
): ButtonElement {
  return {
    type: 'button',
    action_id: button.actionId,
    text: plainText(button.label),
    style: button.style,
    value: JSON.stringify({ planJobId: job.id, stack: job.stack }),
    confirm: {
      title: plainText(button.title),
      text: { type: 'mrkdwn', text: button.text },
      confirm: plainText(button.label),
      deny: plainText('Cancel'),
      ...(button.style === 'danger' ? { style: 'danger' as const } : {}),
    },
  };
}
