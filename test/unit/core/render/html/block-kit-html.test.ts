import { describe, expect, it } from 'vitest';
import { blockHtml, messageHtml } from '../../../../../core/render/html/block-kit-html';

const options = { messageId: '1700000000.000001', userName: (id: string) => (id === 'UADA' ? 'Ada' : id) };

describe('blockHtml', () => {
  it('shows a header, a divider and a context line', () => {
    expect(blockHtml({ type: 'header', text: { type: 'plain_text', text: 'Plan <1>' } }, options)).toBe(
      '<h3 class="header">Plan &lt;1&gt;</h3>',
    );
    expect(blockHtml({ type: 'divider' }, options)).toBe('<hr>');
    expect(blockHtml({ type: 'context', elements: [{ type: 'mrkdwn', text: 'by <@UADA>' }] }, options)).toContain(
      '<span class="mention">@Ada</span>',
    );
  });

  it('shows a section with its text and fields', () => {
    const html = blockHtml(
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Stack*' },
        fields: [
          { type: 'mrkdwn', text: '*Status*\nrunning' },
          { type: 'plain_text', text: '*not bold*' },
        ],
      },
      options,
    );

    expect(html).toBe(
      '<div class="section"><strong>Stack</strong><div class="fields"><div><strong>Status</strong><br>running</div><div>*not bold*</div></div></div>',
    );
  });

  it('shows a button with what a click sends back, and its confirmation as a dialog', () => {
    const html = blockHtml(
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Apply' },
            action_id: 'tf_apply',
            value: '{"planJobId":"j-1"}',
            style: 'danger',
            confirm: {
              title: { type: 'plain_text', text: 'Apply this plan?' },
              text: { type: 'mrkdwn', text: 'Changes *real* infrastructure.' },
              confirm: { type: 'plain_text', text: 'Apply' },
              deny: { type: 'plain_text', text: 'Cancel' },
            },
          },
        ],
      },
      options,
    );

    expect(html).toContain('<button class="slack-button danger" data-message="1700000000.000001"');
    expect(html).toContain('data-action-id="tf_apply"');
    expect(html).toContain('data-value="{&quot;planJobId&quot;:&quot;j-1&quot;}"');
    expect(html).toContain('<dialog class="confirm"><h4>Apply this plan?</h4>');
    expect(html).toContain('<p>Changes <strong>real</strong> infrastructure.</p>');
    expect(html).toContain('<button class="deny" value="deny">Cancel</button>');
    expect(html).toContain('<button class="confirm-button" value="confirm">Apply</button>');
  });

  it('shows a block of a kind it does not know as its text instead of dropping it', () => {
    const html = blockHtml({ type: 'rich_text', elements: [{ text: '<img src=x>' }] }, options);

    expect(html).toContain('<pre class="unknown">');
    expect(html).toContain('&lt;img src=x&gt;');
  });
});

describe('messageHtml', () => {
  it('shows the text of a message without blocks', () => {
    expect(messageHtml({ text: 'Done <@UADA>' }, options)).toBe(
      '<div class="section">Done <span class="mention">@Ada</span></div>',
    );
  });
});
