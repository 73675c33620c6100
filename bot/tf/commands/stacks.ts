import { describeOwner } from '../../../core/locks/lock';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { infoReply } from '../replies';
import type { TfCommand } from '../tf-command';

export const stacksCommand: TfCommand = {
  usage: '/tf stacks',
  summary: 'list the stacks with their provider and lock',
  async run(_args, context) {
    const { config, store, clock } = context.deps;
    const locks = new Map((await store.listLocks(clock.now())).map((lock) => [lock.stack, lock]));
    const lines = config.stacks.map((stack) => {
      const lock = locks.get(stack.name);
      const state = lock ? `:lock: ${describeOwner(lock.owner)} (${escapeMrkdwn(lock.heldBy)})` : 'unlocked';
      return `• \`${escapeMrkdwn(stack.name)}\` · ${stack.provider} · ${state}`;
    });
    await context.reply(infoReply(`*${config.stacks.length} stacks*\n${lines.join('\n')}`));
    return { outcome: 'succeeded', target: '*' };
  },
};
