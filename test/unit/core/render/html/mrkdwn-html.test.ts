import { describe, expect, it } from 'vitest';
import { mrkdwnToHtml } from '../../../../../core/render/html/mrkdwn-html';

describe('mrkdwnToHtml', () => {
  it('shows bold, italic, strike and code as Slack does', () => {
    expect(mrkdwnToHtml('*Plan* of `demo/app` is _ready_, ~not~ done')).toBe(
      '<strong>Plan</strong> of <code>demo/app</code> is <em>ready</em>, <s>not</s> done',
    );
  });

  it('shows a code block as preformatted text with nothing inside formatted', () => {
    expect(mrkdwnToHtml('log:```*not bold* <b>\n```')).toBe('log:<pre>*not bold* &lt;b&gt;\n</pre>');
  });

  it('decodes the entities Slack escapes and escapes everything again', () => {
    expect(mrkdwnToHtml('a &lt;script&gt; &amp; "quotes"')).toBe('a &lt;script&gt; &amp; &quot;quotes&quot;');
  });

  it('turns web links into anchors and any other scheme into plain text', () => {
    expect(mrkdwnToHtml('<https://example.com/log?a=1&amp;b=2|build log>')).toBe(
      '<a href="https://example.com/log?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">build log</a>',
    );
    expect(mrkdwnToHtml('<javascript:alert(1)|click me>')).toBe('click me');
  });

  it('names mentioned users and shows special mentions without notifying anyone', () => {
    expect(mrkdwnToHtml('by <@UDEMOADA> for <!here>', (id) => (id === 'UDEMOADA' ? 'Ada' : id))).toBe(
      'by <span class="mention">@Ada</span> for <span class="mention">@here</span>',
    );
  });

  it('shows the emoji infrabot uses and leaves other :words: as typed', () => {
    expect(mrkdwnToHtml(':white_check_mark: done at 10:30: :sparkles:')).toBe('✅ done at 10:30: :sparkles:');
  });
});
