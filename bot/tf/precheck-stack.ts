import { findStack } from '../../core/usecases/find-stack';
import { checkLockFree } from '../../core/usecases/submit-job';
import { refusalReply } from './replies';
import type { Precheck, TfContext } from './tf-command';

/** Refuses before the ack a stack that does not exist or that someone else holds the lock of. */
export async function precheckStack(stack: string, context: TfContext): Promise<Precheck> {
  const found = findStack(context.deps.config, stack);
  if (!found.ok) return { reply: refusalReply(found), detail: found.reason };
  const free = await checkLockFree(stack, undefined, context.deps.requests);
  if (!free.ok) return { reply: refusalReply(free), detail: free.reason };
  return undefined;
}
