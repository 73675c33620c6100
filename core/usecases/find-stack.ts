import type { Config, StackConfig } from '../config/schema';
import { closestNames } from '../stacks/closest-names';
import { type Outcome, refuse } from './refusal';

/** The stack called `name`, or an `unknown_stack` refusal with the closest names to suggest. */
export function findStack(config: Config, name: string): Outcome<{ stack: StackConfig }> {
  const stack = config.stacks.find((candidate) => candidate.name === name);
  if (stack) return { ok: true, stack };
  const names = config.stacks.map((candidate) => candidate.name);
  return refuse({ reason: 'unknown_stack', stack: name, suggestions: closestNames(name, names, 3) });
}
