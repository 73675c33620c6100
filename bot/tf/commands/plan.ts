import { precheckStack } from '../precheck-stack';
import { startPlan } from '../start-job';
import { type TfCommand, UsageError } from '../tf-command';

function planArgs(args: readonly string[]): { stack: string; ref: string | undefined } {
  const [stack, ref, ...extra] = args;
  if (!stack) throw new UsageError('name the stack to plan');
  if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
  return { stack, ref };
}

export const planCommand: TfCommand = {
  usage: '/tf plan <stack> [branch|tag|commit]',
  summary: 'plan a stack (at the default branch unless you name a ref)',
  async precheck(args, context) {
    return precheckStack(planArgs(args).stack, context);
  },
  async run(args, context) {
    const { stack, ref } = planArgs(args);
    return startPlan(stack, ref, context);
  },
};
