/**
 * Wildcard patterns as people type them in configuration and commands: `*` stands for any run of characters
 * (slashes included), every other character for itself.
 */

/** A test for `pattern`, matched against a whole value. */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const expression = new RegExp(`^${source}$`);
  return (value) => expression.test(value);
}

/** Whether `value` matches any of `patterns`. */
export function matchesAnyWildcard(value: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => wildcardMatcher(pattern)(value));
}
