/** Escapes text for Slack mrkdwn: `&`, `<` and `>` become entities so that nothing turns into a mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code for Slack, with backticks inside replaced so the span cannot be broken out of. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replaceAll('`', "'")}\``;
}

/** A section block with mrkdwn text (Slack allows 3,000 characters in it). */
export function section(text: string): { type: 'section'; text: { type: 'mrkdwn'; text: string } } {
  return { type: 'section', text: { type: 'mrkdwn', text: text.length > 3_000 ? `${text.slice(0, 2_999)}…` : text } };
}
