import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  escapeMrkdwnKeepingMentions,
  slackBlockText,
  slackCode,
  slackLink,
} from '../../../../../core/render/slack/escape';

describe('Slack mrkdwn escaping', () => {
  it('escapes the three control characters', () => {
    expect(escapeMrkdwn('<!channel> & <@U1>')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('keeps Slack user mentions working while escaping everything else', () => {
    expect(escapeMrkdwnKeepingMentions('<@UALICE> made it at <!channel> & <https://x.example|x>')).toBe(
      '<@UALICE> made it at &lt;!channel&gt; &amp; &lt;https://x.example|x&gt;',
    );
  });

  it('replaces backticks inside code with a look-alike', () => {
    expect(slackCode('a`b\nc')).toBe('`aˋb c`');
    expect(slackBlockText('```x```')).toBe('ˋˋˋxˋˋˋ');
  });

  it('keeps a link from being broken by its URL', () => {
    expect(slackLink('log', 'https://x.example/?a=1|2')).toBe('<https://x.example/?a=1%7C2|log>');
    expect(slackLink('log', undefined)).toBe('log');
  });
});
