/**
 * Splits the text of a Slack slash command into words. Slack escapes `&`, `<` and `>` as HTML entities;
 * they are decoded first. Double quotes, straight or curly (Slack's clients may turn " into “ ”), group
 * words containing spaces: `message="not found"` is one word, `message=not found`.
 */
export function tokenize(text: string): string[] {
  const decoded = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const tokens: string[] = [];
  let current: string | undefined;
  let quoted = false;
  for (const char of decoded) {
    if (char === '"' || char === '\u201c' || char === '\u201d') {
      quoted = !quoted;
      current = current ?? '';
    } else if (!quoted && /\s/.test(char)) {
      if (current !== undefined) tokens.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) tokens.push(current);
  return tokens;
}
