import { describe, expect, it } from 'vitest';
import { parseTime, resolveTimeRange } from '../../../../core/logs/time-range';

const now = new Date('2026-11-21T12:00:00Z');
const day = 86_400_000;

describe('resolveTimeRange', () => {
  it('defaults to the last hour', () => {
    expect(resolveTimeRange({ kind: 'default' }, now, day)).toEqual({
      ok: true,
      from: new Date('2026-11-21T11:00:00Z'),
      to: now,
    });
  });

  it('goes back --since from now', () => {
    expect(resolveTimeRange({ kind: 'since', ms: 6 * 3_600_000 }, now, day)).toMatchObject({
      from: new Date('2026-11-21T06:00:00Z'),
      to: now,
    });
  });

  it('reads --from and --to in UTC unless they carry an offset', () => {
    const result = resolveTimeRange(
      { kind: 'between', from: '2026-11-20T10:00', to: '2026-11-20T12:00+01:00' },
      now,
      day,
    );

    expect(result).toEqual({ ok: true, from: new Date('2026-11-20T10:00:00Z'), to: new Date('2026-11-20T11:00:00Z') });
  });

  it('runs --from alone up to now', () => {
    expect(resolveTimeRange({ kind: 'between', from: '2026-11-21' }, now, day)).toEqual({
      ok: true,
      from: new Date('2026-11-21T00:00:00Z'),
      to: now,
    });
  });

  it('refuses a range longer than the maximum', () => {
    const result = resolveTimeRange({ kind: 'since', ms: 2 * day }, now, day);

    expect(result).toMatchObject({ ok: false, reason: 'invalid_range' });
    if (!result.ok) expect(result.message).toContain('longer than the 1d');
  });

  it('refuses a range that runs backwards or is empty', () => {
    const backwards = resolveTimeRange(
      { kind: 'between', from: '2026-11-21T10:00Z', to: '2026-11-21T09:00Z' },
      now,
      day,
    );
    const empty = resolveTimeRange({ kind: 'between', from: '2026-11-21T10:00Z', to: '2026-11-21T10:00Z' }, now, day);

    expect(backwards).toMatchObject({ ok: false, reason: 'invalid_range' });
    expect(empty).toMatchObject({ ok: false, reason: 'invalid_range' });
  });

  it('refuses times it cannot read', () => {
    const result = resolveTimeRange({ kind: 'between', from: 'yesterday' }, now, day);

    expect(result).toMatchObject({ ok: false, reason: 'invalid_range' });
    if (!result.ok) expect(result.message).toContain('--from yesterday is not a time');
  });
});

describe('parseTime', () => {
  it.each([
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T10:15', '2026-11-20T10:15:00.000Z'],
    ['2026-11-20 10:15:30', '2026-11-20T10:15:30.000Z'],
    ['2026-11-20T10:15:30Z', '2026-11-20T10:15:30.000Z'],
    ['2026-11-20T10:15-0230', '2026-11-20T12:45:00.000Z'],
    ['90m', '2026-11-21T10:30:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseTime(text, now)?.toISOString()).toBe(iso);
  });

  it.each(['2026-02-31', '2026-13-01', '20261120', '10:00', 'now', '2026-11-20T25:00'])('refuses %s', (text) => {
    expect(parseTime(text, now)).toBeUndefined();
  });
});
