import { describe, expect, it } from 'vitest';
import { CdnSchema, LogsSchema } from '../../../../core/config/schema';

const preset = {
  name: 'rails-errors',
  sql: 'SELECT * FROM rails_logs WHERE dt BETWEEN ? AND ? AND path LIKE ?',
  params: ['from', 'to', { name: 'path', default: '%' }],
  allowed: ['@developers'],
};

function messagesOf(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe('CdnSchema', () => {
  it('fills in the default limits', () => {
    expect(CdnSchema.parse({ distributions: [] })).toEqual({ maxPaths: 30, maxWildcards: 5, distributions: [] });
  });

  it('refuses duplicate names and ids', () => {
    const entry = { name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['U012ABCDEF'] };

    const result = CdnSchema.safeParse({ distributions: [entry, entry] });

    expect(messagesOf(result)).toEqual([
      'duplicate distribution name "images" (already used by distributions[0])',
      'duplicate distribution id "E2QWRUHAPOMQZL" (already used by distributions[0])',
    ]);
  });

  it('refuses a distribution nobody may invalidate', () => {
    const result = CdnSchema.safeParse({ distributions: [{ name: 'images', id: 'E2QWRUHAPOMQZL', allowed: [] }] });

    expect(messagesOf(result)).toEqual(['expected at least one Slack user or user group']);
  });
});

describe('LogsSchema', () => {
  it('accepts the example of the issue with its defaults', () => {
    const logs = LogsSchema.parse({ workgroup: 'infrabot', database: 'logs', presets: [preset] });

    expect(logs.maxRows).toBe(10_000);
    expect(logs.presets[0]).toMatchObject({ maxRange: 604_800_000, description: '' });
    expect(logs.presets[0]?.params[2]).toEqual({ name: 'path', type: 'string', default: '%' });
  });

  it('refuses a preset whose placeholders and params differ in number', () => {
    const result = LogsSchema.safeParse({
      workgroup: 'infrabot',
      database: 'logs',
      presets: [{ ...preset, params: ['from', 'to'] }],
    });

    expect(messagesOf(result)).toEqual([
      'the SQL has 3 "?" placeholders but 2 params are listed; give one param per "?", in order',
    ]);
  });

  it.each([
    [{ params: ['from', 'from', { name: 'path' }] }, 'duplicate parameter "from" (already used by params[0])'],
    [{ params: ['from', 'to', { name: 'path', pattern: '([' }] }, 'expected a valid regular expression'],
    [
      { params: ['from', 'to', { name: 'path', type: 'integer', default: 'x' }] },
      'the default of "path" must be of type integer',
    ],
    [
      { params: ['from', 'to', { name: 'path', type: 'integer', default: 1.5 }] },
      'the default of "path" must be of type integer',
    ],
    [{ params: ['from', 'to', { name: 'path', pattern: '^/', default: '%' }] }, 'must be of type string matching ^/'],
    [{ params: ['from', 'to', { name: 'from' }] }, 'from and to are the time range'],
    [{ timeFormat: '%Y/%j' }, 'expected a layout using only'],
    [{ maxRange: 'a week' }, 'expected a duration'],
  ])('refuses a preset with %j', (change, message) => {
    const result = LogsSchema.safeParse({ workgroup: 'w', database: 'd', presets: [{ ...preset, ...change }] });

    expect(messagesOf(result).join('\n')).toContain(message);
  });

  it('refuses two presets with one name', () => {
    const result = LogsSchema.safeParse({ workgroup: 'w', database: 'd', presets: [preset, preset] });

    expect(messagesOf(result)).toEqual(['duplicate preset name "rails-errors" (already used by presets[0])']);
  });
});
