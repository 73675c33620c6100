/**
 * Reading the values of one resource change for the risk rules. A value marked sensitive is never read, so it
 * can never reach a reason; an unknown value (`after_unknown`) is absent from `after` and so is never guessed.
 */

/** The raw `change` of one `resource_changes` entry, with the action already read. */
export interface RawChange {
  address: string;
  type: string;
  before: Record<string, unknown> | undefined;
  after: Record<string, unknown> | undefined;
  beforeSensitive: unknown;
  afterSensitive: unknown;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a sensitivity marker (`true`, or an object or array holding `true` anywhere) marks anything. */
export function marksSensitive(marker: unknown): boolean {
  if (marker === true) return true;
  if (typeof marker !== 'object' || marker === null) return false;
  return Object.values(marker).some(marksSensitive);
}

/** Reads a `resource_changes` entry's values; undefined when it has no readable change. */
export function rawChangeOf(entry: unknown, address: string, type: string): RawChange | undefined {
  if (!isObject(entry) || !isObject(entry.change)) return undefined;
  const { change } = entry;
  return {
    address,
    type,
    before: isObject(change.before) ? change.before : undefined,
    after: isObject(change.after) ? change.after : undefined,
    beforeSensitive: change.before_sensitive,
    afterSensitive: change.after_sensitive,
  };
}

export type Side = 'before' | 'after';

/** A top-level attribute of one side, or undefined when it is absent, unknown or marked sensitive. */
export function attribute(change: RawChange, side: Side, name: string): unknown {
  const values = side === 'before' ? change.before : change.after;
  const marker = side === 'before' ? change.beforeSensitive : change.afterSensitive;
  if (marker === true || (isObject(marker) && marksSensitive(marker[name]))) return undefined;
  return values?.[name];
}

/** The strings of a value that is a string or a list of strings (other entries, such as unknowns, skipped). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/** The objects of a list (or one object), skipping anything else. */
export function objects(value: unknown): Record<string, unknown>[] {
  if (isObject(value)) return [value];
  if (!Array.isArray(value)) return [];
  return value.filter(isObject);
}

/**
 * The findings of `after` that `before` did not have: a rule reports what a change adds, so a plan that only
 * touches tags of an already open resource flags nothing.
 */
export function gained(change: RawChange, findings: (side: Side) => readonly string[]): string[] {
  const after = findings('after');
  if (after.length === 0) return [];
  const before = new Set(change.before ? findings('before') : []);
  return [...new Set(after)].filter((finding) => !before.has(finding));
}
