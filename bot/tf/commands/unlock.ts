import { describeOwner } from '../../../core/locks/lock';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { findStack } from '../../../core/usecases/find-stack';
import type { Refusal } from '../../../core/usecases/refusal';
import { unlockStack } from '../../../core/usecases/unlock-stack';
import { infoReply, refusalReply } from '../replies';
import { type TfCommand, UsageError } from '../tf-command';

/** The audit detail of a refused unlock: the job that keeps the lock, or the reason. */
function refusedDetail(refusal: Refusal): string {
  if (refusal.reason === 'job_active') return `job ${refusal.job.id} is ${refusal.job.status}`;
  if (refusal.reason === 'not_authorized') return refusal.why;
  return refusal.reason;
}

export const unlockCommand: TfCommand = {
  usage: '/tf unlock <stack>',
  summary: "remove a stack's lock when no job runs under it (its holder or an admin)",
  async run(args, context) {
    const [name, ...extra] = args;
    if (!name || extra.length > 0) throw new UsageError('name exactly one stack to unlock');
    const found = findStack(context.deps.config, name);
    if (!found.ok) {
      await context.reply(refusalReply(found));
      return { outcome: 'refused', target: name, detail: found.reason };
    }
    const unlocked = await unlockStack(name, context.userId, context.deps);
    if (!unlocked.ok) {
      await context.reply(refusalReply(unlocked));
      return { outcome: 'refused', target: name, detail: refusedDetail(unlocked) };
    }
    const was = `${describeOwner(unlocked.lock.owner)} (${unlocked.lock.heldBy})`;
    await context.reply(
      infoReply(`:unlock: \`${escapeMrkdwn(name)}\` is unlocked (it was held by ${escapeMrkdwn(was)}).`),
    );
    return { outcome: 'succeeded', target: name, detail: `was held by ${was}` };
  },
};
