/** Making untrusted text safe in Slack mrkdwn. */

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes plain text for mrkdwn but keeps Slack user mentions (`<@U012ABCDEF>`) working, for text that names
 * people that way (see `describeRefusal`).
 */
export function escapeMrkdwnKeepingMentions(text: string): string {
  return escapeMrkdwn(text).replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, '<@$1>');
}

/**
 * Inline code in mrkdwn. Slack has no way to escape a backtick inside code, so backticks become the look-alike
 * `ˋ` (U+02CB); line breaks become spaces.
 */
export function slackCode(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, 'ˋ').replace(/[\r\n]+/g, ' '))}\``;
}

/** Text for a ``` block: backticks become `ˋ` so nothing can close the block early. */
export function slackBlockText(text: string): string {
  return escapeMrkdwn(text.replace(/`/g, 'ˋ'));
}

/** A mrkdwn link, or plain words when there is no URL. */
export function slackLink(words: string, url: string | undefined): string {
  if (!url) return words;
  const safeUrl = url.replace(/[|<>\s]/g, (char) => encodeURIComponent(char));
  return `<${safeUrl}|${escapeMrkdwn(words)}>`;
}
