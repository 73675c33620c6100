import type * as z from '../zod';

const expectedNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
  null: 'nothing (null)',
};

/** A short description of a value found in the file, such as `a list`, `"abc"` or `12`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 37)}..."` : `"${value}"`;
  return String(value);
}

function bound(origin: string, limit: number | bigint, inclusive: boolean | undefined, side: 'min' | 'max'): string {
  const amount = Number(limit);
  if (origin === 'array' || origin === 'set') {
    if (side === 'min') return amount === 1 ? 'expected at least one entry' : `expected at least ${amount} entries`;
    return `expected at most ${amount} ${amount === 1 ? 'entry' : 'entries'}`;
  }
  if (origin === 'string') {
    if (side === 'min') return amount === 1 ? 'expected a non-empty string' : `expected at least ${amount} characters`;
    return `expected at most ${amount} characters`;
  }
  const operator = side === 'min' ? (inclusive === false ? '>' : '>=') : inclusive === false ? '<' : '<=';
  return `expected a number ${operator} ${amount}`;
}

/**
 * The message for an issue whose schema sets no message of its own: lowercase, saying what was expected and,
 * where it helps, what was found. Pass it as the per-parse `error` map; messages set in the schema win.
 */
export function defaultIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `expected ${expectedNames[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, 'min');
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, 'max');
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((value) => String(value)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'expected an email address';
      return issue.format === 'regex' ? `expected a value matching ${issue.pattern}` : `expected ${issue.format}`;
    case 'not_multiple_of':
      return `expected a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown key "${key}"`).join(', ');
    case 'invalid_union':
      return 'expected one of the allowed forms';
    default:
      return 'invalid value';
  }
}
