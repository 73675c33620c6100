/**
 * The names of the attributes that differ between the `before` and `after` of a `resource_drift` entry: what
 * someone changed outside Terraform. Only names leave this file, never a value, so a drifted password or key is
 * named (`password`) but never shown. Maps and objects are looked into one level (`tags.Owner`), lists are not.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function keysOf(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
}

/** The attribute names that differ, sorted; empty when the entry has no readable `before` and `after`. */
export function driftedAttributeNames(change: unknown): string[] {
  if (!isObject(change)) return [];
  const { before, after } = change;
  if (!isObject(before) || !isObject(after)) return [];
  const names: string[] = [];
  for (const key of keysOf(before, after)) {
    const old = before[key];
    const now = after[key];
    if (same(old, now)) continue;
    if (isObject(old) && isObject(now)) {
      for (const inner of keysOf(old, now)) if (!same(old[inner], now[inner])) names.push(`${key}.${inner}`);
    } else {
      names.push(key);
    }
  }
  return names;
}
