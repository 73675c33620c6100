import type { StackConfig } from './schema';

/** One role ARN that more than one stack, or both actions of one stack, names. */
export interface SharedRole {
  role: string;
  /** Where it is named, in config order: `aws/dev/app roles.plan`. */
  uses: string[];
}

/**
 * The roles named more than once across the stacks' `roles`. On CodeBuild each stack's plan build may assume
 * only its own stack's plan role (and its apply build only its apply role), so a role named twice undoes that:
 * a planner of one stack runs code as a role another stack (or an apply) also uses.
 */
export function sharedRoles(stacks: readonly StackConfig[]): SharedRole[] {
  const uses = new Map<string, string[]>();
  for (const stack of stacks) {
    for (const action of ['plan', 'apply'] as const) {
      const role = stack.roles[action];
      uses.set(role, [...(uses.get(role) ?? []), `${stack.name} roles.${action}`]);
    }
  }
  return [...uses].filter(([, named]) => named.length > 1).map(([role, named]) => ({ role, uses: named }));
}
