import { isFinished } from '../../../core/jobs/job';
import { describeOwner } from '../../../core/locks/lock';
import { mayUnlock } from '../../../core/policy/authorize';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { findStack } from '../../../core/usecases/find-stack';
import { infoReply, refusalReply } from '../replies';
import { type TfCommand, UsageError } from '../tf-command';

export const unlockCommand: TfCommand = {
  usage: '/tf unlock <stack>',
  summary: "remove a stack's lock (its holder or an admin)",
  async run(args, context) {
    const [name, ...extra] = args;
    if (!name || extra.length > 0) throw new UsageError('name exactly one stack to unlock');
    const { config, store, clock, directory } = context.deps;
    const found = findStack(config, name);
    if (!found.ok) {
      await context.reply(refusalReply(found));
      return { outcome: 'refused', target: name, detail: found.reason };
    }
    const lock = await store.getLock(name, clock.now());
    if (!lock) {
      await context.reply(refusalReply({ reason: 'not_locked', stack: name }));
      return { outcome: 'refused', target: name, detail: 'not_locked' };
    }
    const decision = await mayUnlock(lock, context.userId, config, directory);
    if (!decision.allowed) {
      await context.reply(refusalReply({ reason: 'not_authorized', why: decision.why }));
      return { outcome: 'refused', target: name, detail: decision.why };
    }
    const active = lock.activeJobId === undefined ? undefined : await store.getJob(lock.activeJobId);
    if (active && !isFinished(active.status)) {
      await context.reply(refusalReply({ reason: 'job_active', stack: name, job: active }));
      return { outcome: 'refused', target: name, detail: `job ${active.id} is ${active.status}` };
    }
    if (!(await store.releaseCheckedLock(lock))) {
      await context.reply(refusalReply({ reason: 'lock_changed', stack: name }));
      return { outcome: 'refused', target: name, detail: 'lock_changed' };
    }
    const was = `${describeOwner(lock.owner)} (${lock.heldBy})`;
    await context.reply(
      infoReply(`:unlock: \`${escapeMrkdwn(name)}\` is unlocked (it was held by ${escapeMrkdwn(was)}).`),
    );
    return { outcome: 'succeeded', target: name, detail: `was held by ${was}` };
  },
};
