import { parseDuration } from '../time/duration';

/** How the user gave the time range. */
export type RangeSpec =
  | { kind: 'default' }
  | { kind: 'since'; ms: number }
  | { kind: 'between'; from: string; to?: string };

/** The words after the preset name of `/logs <preset> …`, sorted out but not yet validated. */
export interface LogsArguments {
  values: Record<string, string>;
  range: RangeSpec;
}

export type ArgumentsResult =
  | ({ ok: true } & LogsArguments)
  | { ok: false; reason: 'invalid_arguments'; message: string };

const timeOfDay = /^\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Sorts `name=value` words and `--since 1h | --from <time> [--to <time>]` options. A date followed by a
 * time of day as the next word (`--from 2026-01-31 10:00`) is read as one time.
 */
export function parseLogsArguments(words: readonly string[]): ArgumentsResult {
  const values: Record<string, string> = {};
  const options: Record<string, string> = {};
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    if (word.startsWith('--')) {
      const taken = takeOption(words, index, options);
      if (typeof taken === 'string') return invalid(taken);
      index = taken;
      continue;
    }
    const equals = word.indexOf('=');
    if (equals <= 0) return invalid(`"${word}" is not name=value; parameters are written like path=/checkout`);
    const name = word.slice(0, equals).toLowerCase();
    if (name in values) return invalid(`"${name}" is given twice`);
    values[name] = word.slice(equals + 1);
  }
  const range = rangeOf(options);
  return typeof range === 'string' ? invalid(range) : { ok: true, values, range };
}

function takeOption(words: readonly string[], index: number, options: Record<string, string>): number | string {
  const name = (words[index] ?? '').slice(2);
  if (!['since', 'from', 'to'].includes(name)) return `unknown option --${name}; use --since, --from or --to`;
  if (name in options) return `--${name} is given twice`;
  let value = words[index + 1];
  if (value === undefined || value.startsWith('--')) return `--${name} needs a value, as in --${name} ${example(name)}`;
  let next = index + 1;
  const following = words[index + 2];
  if (name !== 'since' && following !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value) && timeOfDay.test(following)) {
    value = `${value}T${following}`;
    next += 1;
  }
  options[name] = value;
  return next;
}

function rangeOf(options: Record<string, string>): RangeSpec | string {
  const { since, from, to } = options;
  if (since !== undefined) {
    if (from !== undefined || to !== undefined) return 'give either --since or --from/--to, not both';
    const ms = parseDuration(since);
    return ms === undefined ? `--since ${since} is not a duration such as 15m, 1h or 2d` : { kind: 'since', ms };
  }
  if (to !== undefined && from === undefined) return '--to needs --from as well';
  return from === undefined ? { kind: 'default' } : { kind: 'between', from, ...(to === undefined ? {} : { to }) };
}

function example(option: string): string {
  return option === 'since' ? '1h' : '2026-01-31T10:00Z';
}

function invalid(message: string): ArgumentsResult {
  return { ok: false, reason: 'invalid_arguments', message };
}
