/**
 * Formatting of the `from`/`to` time-range values for Athena. Without a preset `timeFormat` a time is
 * `YYYY-MM-DD HH:MM:SS` in UTC; a `timeFormat` is a strftime-like layout for partition columns that are
 * not timestamps, such as `%Y/%m/%d` or `%Y-%m-%d-%H`.
 */

const directives: Record<string, (date: Date) => string> = {
  Y: (date) => String(date.getUTCFullYear()).padStart(4, '0'),
  m: (date) => pad(date.getUTCMonth() + 1),
  d: (date) => pad(date.getUTCDate()),
  H: (date) => pad(date.getUTCHours()),
  M: (date) => pad(date.getUTCMinutes()),
  S: (date) => pad(date.getUTCSeconds()),
  '%': () => '%',
};

/** The layout used when a preset sets no `timeFormat`. */
export const defaultTimeFormat = '%Y-%m-%d %H:%M:%S';

/** Whether a `timeFormat` only uses the supported directives %Y %m %d %H %M %S and %%. */
export function isValidTimeFormat(format: string): boolean {
  return /^([^%]|%[YmdHMS%])*$/.test(format);
}

/** Formats a time in UTC with a strftime-like layout (see {@link isValidTimeFormat}). */
export function formatTime(date: Date, format: string = defaultTimeFormat): string {
  return format.replace(/%([YmdHMS%])/g, (_, directive: string) => directives[directive]?.(date) ?? '');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
