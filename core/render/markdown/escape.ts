/** Making untrusted text (addresses, names, plan text) safe to put into GitHub markdown. */

function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let index = 0; index < text.length; index += 1) {
    run = text.charCodeAt(index) === 96 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * Wraps text in a code span that nothing inside can close: the fence is one backtick longer than the longest
 * run of backticks inside, padded with spaces when the text touches a backtick. Line breaks become spaces.
 */
export function inlineCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The backtick fence for a code block that nothing in `text` can close (at least three backticks). */
export function codeFence(text: string): string {
  return '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
}

// Terminal colour codes, for plan text made without -no-color.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
const ansiPattern = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * Prepares plan text for a code block inside `<details>`: drops terminal colour codes and breaks up
 * `</details` and `</summary` (with an invisible zero-width space) so the text cannot close the block early.
 */
export function safeBlockText(text: string): string {
  return text.replace(ansiPattern, '').replace(/<\/(details|summary)/gi, '<\u200b/$1');
}

/** Text for an HTML comment: `-->` cannot end it early. */
export function commentText(text: string): string {
  return text.replace(/--+>/g, (match) => match.replace('>', '&gt;'));
}

/** A markdown link, or plain words when there is no URL. */
export function link(words: string, url: string | undefined): string {
  if (!url) return words;
  const safeUrl = url.replace(
    /[()\s<>]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${words.replace(/[[\]]/g, '')}](${safeUrl})`;
}
