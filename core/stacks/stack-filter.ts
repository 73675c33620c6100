import type { StackConfig } from '../config/schema';
import { wildcardMatcher } from '../text/wildcard';

/**
 * Which stacks a `/tf stacks <filter>` means. With a `*` the filter is a pattern over the whole name
 * (`aws/prod/*`); without, a case-insensitive part of the name or the provider (`payments`, `google`), so
 * an environment such as `prod` finds every stack whose name holds it.
 */
export function filterStacks(stacks: readonly StackConfig[], filter: string): StackConfig[] {
  if (filter.includes('*')) {
    const matches = wildcardMatcher(filter);
    return stacks.filter((stack) => matches(stack.name));
  }
  const needle = filter.toLowerCase();
  return stacks.filter((stack) => stack.name.toLowerCase().includes(needle) || stack.provider === needle);
}

/** How many stacks there are of each value of `key`, most first (then by name), as `[value, count]`. */
export function countStacksBy(
  stacks: readonly StackConfig[],
  key: (stack: StackConfig) => string,
): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const stack of stacks) counts.set(key(stack), (counts.get(key(stack)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The first two segments of a stack's name (`aws/prod` of `aws/prod/network`): its provider and environment, by convention. */
export function stackPrefix(stack: StackConfig): string {
  return stack.name.split('/').slice(0, 2).join('/');
}
