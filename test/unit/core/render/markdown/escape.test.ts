import { describe, expect, it } from 'vitest';
import { codeFence, commentText, inlineCode, link, safeBlockText } from '../../../../../core/render/markdown/escape';

describe('markdown escaping', () => {
  it.each([
    ['aws_s3_bucket.a', '`aws_s3_bucket.a`'],
    ['a`b', '``a`b``'],
    ['a``b`', '``` a``b` ```'],
    ['x|y', '`x|y`'],
    ['line\nbreak', '`line break`'],
  ])('wraps %j in a code span nothing inside can close', (text, expected) => {
    expect(inlineCode(text)).toBe(expected);
  });

  it('makes a fence longer than any run of backticks', () => {
    expect(codeFence('plain')).toBe('```');
    expect(codeFence('has ```` four')).toBe('`````');
  });

  it('defuses closing details and summary tags and drops colour codes', () => {
    expect(safeBlockText('\u001b[1mbold\u001b[0m </details> </SUMMARY>')).toBe(
      'bold <\u200b/details> <\u200b/SUMMARY>',
    );
  });

  it('keeps an HTML comment from ending early', () => {
    expect(commentText('a-->b')).toBe('a--&gt;b');
  });

  it('links only when there is a URL', () => {
    expect(link('full log', undefined)).toBe('full log');
    expect(link('full log', 'https://x.example/a b(c)')).toBe('[full log](https://x.example/a%20b%28c%29)');
  });
});
