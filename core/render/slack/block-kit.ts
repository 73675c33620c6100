/**
 * Small builders for the Block Kit blocks infrabot posts. Structural types only: core imports no Slack SDK.
 * Limits: a message holds at most 50 blocks; a section's text at most 3,000 characters.
 */
export type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean };
export type ButtonElement = {
  type: 'button';
  action_id: string;
  text: TextObject;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
  confirm?: {
    title: TextObject;
    text: TextObject;
    confirm: TextObject;
    deny: TextObject;
    style?: 'primary' | 'danger';
  };
};
export type Block =
  | { type: 'section'; text: TextObject; block_id?: string }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'actions'; block_id?: string; elements: ButtonElement[] }
  | { type: 'divider' }
  | { type: 'header'; text: TextObject };

export const maxSectionText = 3_000;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, saying that it was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '\n… (cut)';
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

export function section(markdown: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, maxSectionText) } };
}

export function context(...markdown: string[]): Block {
  return {
    type: 'context',
    elements: markdown.map((text) => ({ type: 'mrkdwn', text: truncate(text, maxSectionText) })),
  };
}

/** A code block in a section, cut from the start so the end of a log stays visible. */
export function codeSection(text: string): Block {
  const room = maxSectionText - 10;
  const body = text.length > room ? `…${text.slice(text.length - room + 1)}` : text;
  return section(`\`\`\`${body.replace(/```/g, "'''")}\`\`\``);
}

export function plainText(text: string): TextObject {
  return { type: 'plain_text', text, emoji: true };
}

/** A link in mrkdwn, or nothing when there is no URL. */
export function link(url: string | undefined, label: string): string {
  return url ? `<${url}|${escapeMrkdwn(label)}>` : '';
}
