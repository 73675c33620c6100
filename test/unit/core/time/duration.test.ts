import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../../core/time/duration';

describe('parseDuration', () => {
  it('reads single and combined units as milliseconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('refuses text that is not a duration', () => {
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('10 minutes')).toBeUndefined();
    expect(parseDuration('0s')).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(250)).toBe('250ms');
  });
});
