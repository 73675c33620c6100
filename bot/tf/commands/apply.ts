import { precheckStack } from '../precheck-stack';
import { startApply } from '../start-job';
import { type TfCommand, UsageError } from '../tf-command';

function applyArgs(args: readonly string[]): string {
  const [stack, ...extra] = args;
  if (!stack) throw new UsageError('name the stack to apply');
  if (extra.length > 0) {
    throw new UsageError(`unexpected "${extra.join(' ')}": apply takes the latest plan, plan a ref first`);
  }
  return stack;
}

export const applyCommand: TfCommand = {
  usage: '/tf apply <stack>',
  summary: "apply the stack's latest successful plan (appliers only)",
  async precheck(args, context) {
    return precheckStack(applyArgs(args), context);
  },
  async run(args, context) {
    return startApply(applyArgs(args), undefined, context);
  },
};
