import type { Config, StackConfig } from '../config/schema';
import { findStack as stackNamed, suggestStacks } from '../config/stack-registry';
import { type Outcome, refuse } from './refusal';

/** The stack called `name`, or an `unknown_stack` refusal with the closest names to suggest. */
export function findStack(config: Config, name: string): Outcome<{ stack: StackConfig }> {
  const stack = stackNamed(config, name);
  if (stack) return { ok: true, stack };
  return refuse({ reason: 'unknown_stack', stack: name, suggestions: suggestStacks(name, config, 3) });
}
