import type { Clock } from '../../core/ports';

export const systemClock: Clock = { now: () => new Date() };

/** A short random string for job ids. */
export function randomId(): string {
  return Math.random().toString(36).slice(2, 6).padEnd(4, '0');
}
