import { describe, expect, it } from 'vitest';
import { listingMessage } from '../../../../../core/render/slack/listing';
import { type SlackBlock, slackLimitProblems } from '../../../../../core/render/slack/slack-block';

const moreNote = (left: number) => `…and ${left} more`;

describe('listingMessage', () => {
  it('shows every line of a short list with no note', () => {
    const message = listingMessage({ heading: '*2 things*', lines: ['• a', '• b'], moreNote });

    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*2 things*' } },
      { type: 'section', text: { type: 'mrkdwn', text: '• a\n• b' } },
    ]);
  });

  it('counts the lines it leaves out past the most it shows', () => {
    const lines = Array.from({ length: 250 }, (_, index) => `• item ${index}`);

    const message = listingMessage({ heading: '*250 things*', lines, moreNote, maxLines: 100 });

    expect(JSON.stringify(message.blocks)).toContain('…and 150 more');
    expect(JSON.stringify(message.blocks)).toContain('item 99');
    expect(JSON.stringify(message.blocks)).not.toContain('item 100');
  });

  it('stays within Slack limits when every line is longer than a section may be', () => {
    const lines = Array.from({ length: 100 }, () => `• ${'x'.repeat(5_000)}`);

    const message = listingMessage({ heading: '*long*', lines, moreNote });

    expect(slackLimitProblems(message.blocks as SlackBlock[])).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(3_000);
  });
});
