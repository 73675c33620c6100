import { formatDuration, parseDuration } from '../time/duration';
import type { RangeSpec } from './arguments';

/** The range used when the user gives none. */
export const defaultRangeMs = 3_600_000;

export type TimeRangeResult =
  | { ok: true; from: Date; to: Date }
  | { ok: false; reason: 'invalid_range'; message: string };

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Turns the user's range into times: the last hour by default, `--since` back from now, or `--from`
 * (a time, or a duration meaning that long ago) to `--to` (now when left out). Times without an offset are
 * UTC. The range must run forwards and be no longer than `maxRangeMs`.
 */
export function resolveTimeRange(spec: RangeSpec, now: Date, maxRangeMs: number): TimeRangeResult {
  const range = rangeTimes(spec, now);
  if (typeof range === 'string') return { ok: false, reason: 'invalid_range', message: range };
  const [from, to] = range;
  if (from.getTime() >= to.getTime()) {
    return { ok: false, reason: 'invalid_range', message: 'the range is empty: --from must be before --to' };
  }
  if (to.getTime() - from.getTime() > maxRangeMs) {
    return {
      ok: false,
      reason: 'invalid_range',
      message: `the range is longer than the ${formatDuration(maxRangeMs)} this preset allows; narrow --since or --from/--to`,
    };
  }
  return { ok: true, from, to };
}

function rangeTimes(spec: RangeSpec, now: Date): [Date, Date] | string {
  if (spec.kind === 'default') return [new Date(now.getTime() - defaultRangeMs), now];
  if (spec.kind === 'since') return [new Date(now.getTime() - spec.ms), now];
  const from = parseTime(spec.from, now);
  if (!from)
    return `--from ${spec.from} is not a time; write 2026-01-31, 2026-01-31T10:00Z or a duration ago such as 3h`;
  const to = spec.to === undefined ? now : parseTime(spec.to, now);
  if (!to) return `--to ${spec.to} is not a time; write 2026-01-31, 2026-01-31T10:00Z or a duration ago such as 1h`;
  return [from, to];
}

/** Reads `2026-01-31`, `2026-01-31T10:00[:00][Z|+02:00]`, or a duration (`3h`) meaning that long before `now`. */
export function parseTime(text: string, now: Date): Date | undefined {
  const ago = parseDuration(text);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (!(isoDate.test(text) || isoDateTime.test(text)) || !isCalendarDate(text.slice(0, 10))) return undefined;
  const withZone = isoDate.test(text) ? `${text}T00:00:00Z` : withUtcDefault(text.replace(' ', 'T'));
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function withUtcDefault(text: string): string {
  return /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
}

function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
