import { escapeMrkdwn } from '../render/slack/block-kit';

/** Inline code for Slack, escaped, with backticks inside replaced so the span cannot be broken out of. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replaceAll('`', "'")}\``;
}
