import { findCycle, type OrderedStack } from '../stacks/apply-order';
import { closestNames } from '../stacks/closest-names';
import type * as z from '../zod';

function isOrderedStack(item: unknown): item is OrderedStack {
  if (typeof item !== 'object' || item === null) return false;
  const { name, dependsOn } = item as Record<string, unknown>;
  return typeof name === 'string' && (dependsOn === undefined || Array.isArray(dependsOn));
}

/**
 * Adds an issue for each `dependsOn` entry that names no stack (with the closest names) or the stack itself,
 * and one for the first dependency cycle, named along its path (`a → b → a`): a cycle has no apply order.
 */
export function reportDependencyProblems(items: unknown, ctx: z.core.$RefinementCtx): void {
  if (!Array.isArray(items)) return;
  const stacks = items.filter(isOrderedStack);
  const names = stacks.map((stack) => stack.name);
  items.forEach((item: unknown, index) => {
    if (!isOrderedStack(item)) return;
    (item.dependsOn ?? []).forEach((upstream, at) => {
      const path = ['stacks', index, 'dependsOn', at];
      if (upstream === item.name) {
        ctx.addIssue({ code: 'custom', path, message: `stack "${item.name}" cannot depend on itself` });
      } else if (!names.includes(upstream)) {
        const [closest] = closestNames(upstream, names, 1);
        const hint = closest ? ` (did you mean "${closest}"?)` : '';
        ctx.addIssue({ code: 'custom', path, message: `unknown stack "${upstream}"${hint}` });
      }
    });
  });
  const cycle = findCycle(
    stacks.map((stack) => ({ ...stack, dependsOn: (stack.dependsOn ?? []).filter((up) => up !== stack.name) })),
  );
  if (!cycle) return;
  const index = stacks.findIndex((stack) => stack.name === cycle[0]);
  ctx.addIssue({
    code: 'custom',
    path: ['stacks', items.indexOf(stacks[index]), 'dependsOn'],
    message: `dependency cycle: ${cycle.join(' → ')}; stacks in a cycle have no order to apply in`,
  });
}
