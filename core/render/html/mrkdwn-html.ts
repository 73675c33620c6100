/**
 * Slack's mrkdwn as HTML, for the console: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, code blocks,
 * `<url|label>` links, `<@U123>` mentions and `<!here>`. Slack escapes `&`, `<` and `>` in text; those are
 * decoded and everything is escaped again, so no text can become markup.
 */
import { escapeHtml } from './escape';

/** Only addresses a person may safely follow from the console: web pages, and the bot's own paths. */
const safeHref = /^(https?:\/\/|\/(?!\/))/i;

/** The emoji infrabot's messages use, as Slack shows them; any other `:name:` stays as typed. */
const emoji: Readonly<Record<string, string>> = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  lock: '🔒',
  unlock: '🔓',
  hourglass_flowing_sand: '⏳',
  gear: '⚙️',
  scissors: '✂️',
  eyes: '👀',
  rocket: '🚀',
  stop_button: '⏹️',
  leftwards_arrow_with_hook: '↩️',
};

function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function inline(text: string): string {
  return escapeHtml(decodeSlackEntities(text))
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<strong>$2</strong>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (text, name: string) => emoji[name] ?? text)
    .replace(/\n/g, '<br>');
}

/** One `<…>` control sequence: a link, a mention, a special mention; anything else as its text. */
function control(inner: string, userName: (id: string) => string): string {
  if (inner.startsWith('@'))
    return `<span class="mention">@${escapeHtml(userName(inner.slice(1).split('|')[0] ?? ''))}</span>`;
  if (inner.startsWith('!')) return `<span class="mention">@${escapeHtml(inner.slice(1).split('|')[0] ?? '')}</span>`;
  if (inner.startsWith('#'))
    return `<span class="mention">#${escapeHtml(inner.slice(1).split('|')[1] ?? inner.slice(1))}</span>`;
  const bar = inner.indexOf('|');
  const url = decodeSlackEntities(bar === -1 ? inner : inner.slice(0, bar));
  const label = bar === -1 ? url : decodeSlackEntities(inner.slice(bar + 1));
  if (!safeHref.test(url)) return escapeHtml(label);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;
}

function textWithControls(text: string, userName: (id: string) => string): string {
  let html = '';
  let at = 0;
  for (const match of text.matchAll(/<([^<>\n]+)>/g)) {
    html += inline(text.slice(at, match.index));
    html += control(match[1] ?? '', userName);
    at = match.index + match[0].length;
  }
  return html + inline(text.slice(at));
}

/** mrkdwn text as HTML; `userName` turns a user id into the name shown for a mention. */
export function mrkdwnToHtml(text: string, userName: (id: string) => string = (id) => id): string {
  return text
    .split(/```/)
    .map((part, index) =>
      index % 2 === 1 ? `<pre>${escapeHtml(decodeSlackEntities(part))}</pre>` : textWithControls(part, userName),
    )
    .join('');
}
