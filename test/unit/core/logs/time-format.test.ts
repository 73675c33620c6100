import { describe, expect, it } from 'vitest';
import { formatTime, isValidTimeFormat } from '../../../../core/logs/time-format';

const time = new Date('2026-01-05T07:08:09Z');

describe('formatTime', () => {
  it('formats as YYYY-MM-DD HH:MM:SS in UTC by default', () => {
    expect(formatTime(time)).toBe('2026-01-05 07:08:09');
  });

  it('follows a partition layout', () => {
    expect(formatTime(time, '%Y/%m/%d')).toBe('2026/01/05');
    expect(formatTime(time, '%Y-%m-%d-%H')).toBe('2026-01-05-07');
    expect(formatTime(time, '100%%')).toBe('100%');
  });
});

describe('isValidTimeFormat', () => {
  it('accepts the supported directives and refuses others', () => {
    expect(isValidTimeFormat('%Y/%m/%d %H:%M:%S')).toBe(true);
    expect(isValidTimeFormat('%s')).toBe(false);
    expect(isValidTimeFormat('%')).toBe(false);
  });
});
