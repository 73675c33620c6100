import { startPlan } from '../start-job';
import { type TfCommand, UsageError } from '../tf-command';

export const planCommand: TfCommand = {
  usage: '/tf plan <stack> [branch|tag|commit]',
  summary: 'plan a stack (at the default branch unless you name a ref)',
  async run(args, context) {
    const [stack, ref, ...extra] = args;
    if (!stack) throw new UsageError('name the stack to plan');
    if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"`);
    return startPlan(stack, ref, context);
  },
};
