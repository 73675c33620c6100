import { describe, expect, it } from 'vitest';
import { parseLogsArguments } from '../../../../core/logs/arguments';
import { tokenize } from '../../../../core/selfservice/tokens';

describe('parseLogsArguments', () => {
  it('reads name=value words and defaults the range', () => {
    expect(parseLogsArguments(['path=/checkout%', 'Status=500'])).toEqual({
      ok: true,
      values: { path: '/checkout%', status: '500' },
      range: { kind: 'default' },
    });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseLogsArguments(['query=a=b'])).toMatchObject({ ok: true, values: { query: 'a=b' } });
  });

  it('reads --since', () => {
    expect(parseLogsArguments(['--since', '2h'])).toMatchObject({ ok: true, range: { kind: 'since', ms: 7_200_000 } });
  });

  it('reads --from and --to, joining a date and a time of day given as two words', () => {
    expect(parseLogsArguments(['--from', '2026-01-31', '10:00', '--to', '2026-01-31T12:00Z'])).toMatchObject({
      ok: true,
      range: { kind: 'between', from: '2026-01-31T10:00', to: '2026-01-31T12:00Z' },
    });
  });

  it('accepts --from alone', () => {
    expect(parseLogsArguments(['--from', '3h'])).toMatchObject({ ok: true, range: { kind: 'between', from: '3h' } });
  });

  it.each([
    [['path'], 'is not name=value'],
    [['=x'], 'is not name=value'],
    [['a=1', 'a=2'], 'given twice'],
    [['--since'], 'needs a value'],
    [['--since', '--from', 'x'], 'needs a value'],
    [['--since', 'soon'], 'is not a duration'],
    [['--since', '1h', '--from', '2h'], 'either --since or --from/--to'],
    [['--to', '2026-01-01'], '--to needs --from'],
    [['--until', '1h'], 'unknown option --until'],
    [['--from', '1h', '--from', '2h'], 'given twice'],
  ])('refuses %j', (words, why) => {
    const result = parseLogsArguments(words);

    expect(result).toMatchObject({ ok: false, reason: 'invalid_arguments' });
    if (!result.ok) expect(result.message).toContain(why);
  });
});

describe('tokenize', () => {
  it('splits on whitespace and keeps quoted words together, straight or curly', () => {
    expect(tokenize('  rails-errors  message="not found" path=“/a b” ')).toEqual([
      'rails-errors',
      'message=not found',
      'path=/a b',
    ]);
  });

  it('decodes the entities Slack escapes', () => {
    expect(tokenize('q=a&amp;b&lt;c&gt;')).toEqual(['q=a&b<c>']);
  });

  it('keeps an empty quoted value', () => {
    expect(tokenize('host=""')).toEqual(['host=']);
  });
});
