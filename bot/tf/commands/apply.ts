import { startApply } from '../start-job';
import { type TfCommand, UsageError } from '../tf-command';

export const applyCommand: TfCommand = {
  usage: '/tf apply <stack>',
  summary: "apply the stack's latest successful plan (appliers only)",
  async run(args, context) {
    const [stack, ...extra] = args;
    if (!stack) throw new UsageError('name the stack to apply');
    if (extra.length > 0)
      throw new UsageError(`unexpected "${extra.join(' ')}": apply takes the latest plan, plan a ref first`);
    return startApply(stack, undefined, context);
  },
};
