import type { Config, StackConfig } from '../config/schema';
import { closestNames } from '../stacks/closest-names';

/**
 * The stacks of each configuration by name, made on first use. A configuration is read once and never changed,
 * and every command looks its stack up (before its ack too): with 1,000 stacks a scan costs more than the rest.
 */
const byName = new WeakMap<readonly StackConfig[], ReadonlyMap<string, StackConfig>>();

/** The stack with exactly this name, or `undefined`. */
export function findStack(config: Pick<Config, 'stacks'>, name: string): StackConfig | undefined {
  let index = byName.get(config.stacks);
  if (index === undefined) {
    // The first of two stacks with one name, as a scan would find (the schema refuses duplicates anyway).
    index = new Map([...config.stacks].reverse().map((stack) => [stack.name, stack]));
    byName.set(config.stacks, index);
  }
  return index.get(name);
}

/**
 * Up to `limit` configured stack names closest to `name`, best first, for "unknown stack — did you mean …?"
 * messages: a case-insensitive match, names ending in the typed segments (`network` → `aws/prod/network`),
 * prefixes (`aws/prod` → `aws/prod/network`), then small edit distances (`aws/prod/netwrok`).
 */
export function suggestStacks(name: string, config: Pick<Config, 'stacks'>, limit = 3): string[] {
  return closestNames(
    name.trim(),
    config.stacks.map((stack) => stack.name),
    limit,
  );
}

/** The outcome of looking a stack up by the name a user typed. */
export type StackLookup =
  | { ok: true; stack: StackConfig }
  | { ok: false; reason: 'unknown_stack'; name: string; suggestions: string[] };

/** Finds a stack by name; when there is none, says so with the closest names as suggestions. */
export function lookupStack(config: Pick<Config, 'stacks'>, name: string, limit = 3): StackLookup {
  const stack = findStack(config, name);
  if (stack) return { ok: true, stack };
  return { ok: false, reason: 'unknown_stack', name, suggestions: suggestStacks(name, config, limit) };
}

/** `unknown stack "x"`, followed by ` — did you mean "a" or "b"?` when there are suggestions. */
export function describeUnknownStack(name: string, suggestions: readonly string[]): string {
  const quoted = suggestions.map((suggestion) => `"${suggestion}"`);
  if (quoted.length === 0) return `unknown stack "${name}"`;
  const last = quoted.pop();
  const list = quoted.length > 0 ? `${quoted.join(', ')} or ${last}` : last;
  return `unknown stack "${name}" — did you mean ${list}?`;
}
