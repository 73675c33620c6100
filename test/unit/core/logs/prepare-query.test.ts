import { describe, expect, it } from 'vitest';
import { prepareLogQuery } from '../../../../core/logs/prepare-query';
import { testLogsConfig } from '../../../fixtures/logs';

const now = new Date('2026-11-21T12:00:00Z');

describe('prepareLogQuery', () => {
  it('passes the range and defaults as literals, in the order of the placeholders', () => {
    const result = prepareLogQuery(testLogsConfig(), 'rails-errors', [], now);

    expect(result).toMatchObject({
      ok: true,
      query: {
        sql: expect.stringContaining('FROM rails_logs'),
        parameters: ["'2026-11-21 11:00:00'", "'2026-11-21 12:00:00'", "'%'"],
        workgroup: 'infrabot',
        database: 'logs',
      },
    });
  });

  it('quotes strings with quotes inside doubled, and never touches the SQL', () => {
    const config = testLogsConfig();
    const preset = config.presets[1];
    if (preset)
      preset.params = [
        'from',
        'to',
        { name: 'status', type: 'integer' },
        { name: 'seconds', type: 'number' },
        { name: 'host', type: 'string' },
      ];

    const result = prepareLogQuery(
      config,
      'slow-requests',
      ["host=it's'; DROP TABLE x; --", 'status=500', 'seconds=1.5'],
      now,
    );

    expect(result).toMatchObject({ ok: true, query: { sql: preset?.sql } });
    if (result.ok) expect(result.query.parameters.slice(2)).toEqual(['500', '1.5', "'it''s''; DROP TABLE x; --'"]);
  });

  it('uses the preset timeFormat, workgroup and database, and numbers bare', () => {
    const result = prepareLogQuery(testLogsConfig(), 'slow-requests', ['seconds=2', '--since', '2d'], now);

    expect(result).toMatchObject({
      ok: true,
      query: { parameters: ["'2026/11/19'", "'2026/11/21'", '200', '2', "'www'"], workgroup: 'sre', database: 'edge' },
      values: { seconds: '2' },
    });
  });

  it('finds a preset whatever the case the user typed', () => {
    expect(prepareLogQuery(testLogsConfig(), 'Rails-Errors', [], now).ok).toBe(true);
  });

  it('refuses an unknown preset and lists the known ones', () => {
    const result = prepareLogQuery(testLogsConfig(), 'rails-warnings', [], now);

    expect(result).toMatchObject({ ok: false, reason: 'unknown_preset' });
    if (!result.ok) expect(result.message).toContain('rails-errors, slow-requests');
  });

  it('refuses when logs are not configured', () => {
    expect(prepareLogQuery(undefined, 'rails-errors', [], now)).toMatchObject({ ok: false, reason: 'not_configured' });
  });

  it.each([
    [['path=/a b'], 'invalid_parameter', 'expected a value matching'],
    [[`path=${'a'.repeat(201)}`], 'invalid_parameter', 'expected a value matching'],
    [['path=/x\u0001'], 'invalid_parameter', 'control characters'],
    [['level=INFO'], 'invalid_parameter', 'has no parameter "level"; it takes path'],
    [['from=2026-01-01'], 'invalid_parameter', 'given with --since or --from/--to'],
    [['--since', '8d'], 'invalid_range', 'longer than the 7d'],
    [['--from', '2026-11-01', '--to', '2026-11-21'], 'invalid_range', 'longer than the 7d'],
    [['--from', '2026-11-21T11:00Z', '--to', '2026-11-21T10:00Z'], 'invalid_range', 'must be before'],
    [['oops'], 'invalid_arguments', 'is not name=value'],
  ])('refuses rails-errors %j', (words, reason, why) => {
    const result = prepareLogQuery(testLogsConfig(), 'rails-errors', words, now);

    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).toContain(why);
  });

  it.each([
    [['seconds=fast'], 'expected a number'],
    [['seconds=1e3'], 'expected a number'],
    [['seconds=2', 'status=5.5'], 'expected a whole number'],
    [['seconds=2', 'status=abc'], 'expected a whole number'],
    [['seconds=2', 'status=99999999999999999'], 'expected a whole number'],
    [[], 'seconds is required'],
  ])('refuses slow-requests %j with a typed error', (words, why) => {
    const result = prepareLogQuery(testLogsConfig(), 'slow-requests', words, now);

    expect(result).toMatchObject({ ok: false, reason: 'invalid_parameter' });
    if (!result.ok) expect(result.message).toContain(why);
  });
});
