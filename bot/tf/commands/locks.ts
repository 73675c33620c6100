import { describeOwner, type Lock } from '../../../core/locks/lock';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { listingMessage } from '../../../core/render/slack/listing';
import { infoReply } from '../replies';
import type { TfCommand } from '../tf-command';

function lockLine(lock: Lock): string {
  const running = lock.activeJobId ? ` · running \`${lock.activeJobId}\`` : '';
  return `• \`${escapeMrkdwn(lock.stack)}\` · ${describeOwner(lock.owner)} · ${escapeMrkdwn(lock.heldBy)} · since ${lock.acquiredAt}${running}`;
}

export const locksCommand: TfCommand = {
  usage: '/tf locks',
  instant: true,
  summary: 'list the locked stacks and who holds them',
  async run(_args, context) {
    const locks = await context.deps.store.listLocks(context.deps.clock.now());
    await context.reply(
      locks.length === 0
        ? infoReply('No stack is locked.')
        : listingMessage({
            heading: `*${locks.length} locked*`,
            lines: locks.map(lockLine),
            moreNote: (left) => `…and ${left} more. \`/tf status <stack>\` shows one stack's lock.`,
          }),
    );
    return { outcome: 'succeeded', target: '*' };
  },
};
