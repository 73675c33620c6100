import { findStack } from '../../../core/config/stack-registry';
import { JobRequestSchema } from '../../../core/jobs/job-request';
import { precheckStack } from '../precheck-stack';
import { startApply } from '../start-job';
import { startOrderedApplies } from '../start-ordered-applies';
import { type TfCommand, type TfContext, UsageError } from '../tf-command';

/** Two configured stacks or more: `/tf apply a b` applies each one's own latest plan, in dependency order. */
function orderedStacks(args: readonly string[], context: TfContext): string[] | undefined {
  // Looked up by name, not by listing every stack: this runs before each /tf apply is acked.
  if (args.length < 2 || !args.every((arg) => findStack(context.deps.config, arg) !== undefined)) return undefined;
  return [...new Set(args)];
}

/** The stack, and the plan the user names; without one, their own latest plan is applied. */
function applyArgs(args: readonly string[]): { stack: string; planJobId: string | undefined } {
  const [stack, planJobId, ...extra] = args;
  if (!stack) throw new UsageError('name the stack to apply');
  if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
  if (planJobId !== undefined && !JobRequestSchema.shape.jobId.safeParse(planJobId).success) {
    throw new UsageError(
      `"${planJobId}" is not a plan's job id (such as j-lx2k3-ab12, shown on the plan's message); to apply a branch, tag or commit, plan it first: /tf plan ${stack} <ref>`,
    );
  }
  return { stack, planJobId };
}

export const applyCommand: TfCommand = {
  usage: '/tf apply <stack> [plan-job-id]',
  summary:
    "apply your own latest successful plan of the stack, or name the plan's job id to apply someone else's (appliers only); several stacks apply in dependency order",
  async precheck(args, context) {
    const ordered = orderedStacks(args, context);
    for (const stack of ordered ?? [applyArgs(args).stack]) {
      const refused = await precheckStack(stack, context);
      if (refused) return refused;
    }
    return undefined;
  },
  async run(args, context) {
    const ordered = orderedStacks(args, context);
    if (ordered) return startOrderedApplies(ordered, context);
    const { stack, planJobId } = applyArgs(args);
    return startApply(stack, planJobId, context);
  },
};
