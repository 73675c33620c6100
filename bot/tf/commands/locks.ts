import { describeOwner } from '../../../core/locks/lock';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { infoReply } from '../replies';
import type { TfCommand } from '../tf-command';

export const locksCommand: TfCommand = {
  usage: '/tf locks',
  summary: 'list the locked stacks and who holds them',
  async run(_args, context) {
    const locks = await context.deps.store.listLocks(context.deps.clock.now());
    const lines = locks.map(
      (lock) =>
        `• \`${escapeMrkdwn(lock.stack)}\` · ${describeOwner(lock.owner)} · ${escapeMrkdwn(lock.heldBy)} · since ${lock.acquiredAt}` +
        (lock.activeJobId ? ` · running \`${lock.activeJobId}\`` : ''),
    );
    await context.reply(
      infoReply(locks.length === 0 ? 'No stack is locked.' : `*${locks.length} locked*\n${lines.join('\n')}`),
    );
    return { outcome: 'succeeded', target: '*' };
  },
};
