import type { StackConfig } from '../../../core/config/schema';
import { describeOwner, type Lock } from '../../../core/locks/lock';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { listingMessage } from '../../../core/render/slack/listing';
import { countStacksBy, filterStacks, stackPrefix } from '../../../core/stacks/stack-filter';
import { type TfCommand, UsageError } from '../tf-command';

/** Above this many stacks the reply starts with counts by provider and by prefix. */
const overviewFrom = 40;

/** The most prefixes the overview names; the rest are counted together. */
const overviewPrefixes = 12;

function stackLine(stack: StackConfig, lock: Lock | undefined): string {
  const state = lock ? `:lock: ${describeOwner(lock.owner)} (${escapeMrkdwn(lock.heldBy)})` : 'unlocked';
  return `• \`${escapeMrkdwn(stack.name)}\` · ${stack.provider} · ${state}`;
}

function overview(stacks: readonly StackConfig[]): string {
  const counts = (pairs: Array<[string, number]>) =>
    pairs.map(([value, count]) => `\`${escapeMrkdwn(value)}\` ${count}`).join(' · ');
  const prefixes = countStacksBy(stacks, stackPrefix);
  const shown = prefixes.slice(0, overviewPrefixes);
  const rest = prefixes.slice(overviewPrefixes).reduce((sum, [, count]) => sum + count, 0);
  const others = rest > 0 ? ` · ${prefixes.length - shown.length} more prefixes ${rest}` : '';
  return `*By provider:* ${counts(countStacksBy(stacks, (stack) => stack.provider))}\n*By prefix:* ${counts(shown)}${others}`;
}

function heading(matched: number, total: number, filter: string | undefined): string {
  if (filter === undefined) return `*${total} stacks*`;
  return `*${matched} of ${total} stacks match \`${escapeMrkdwn(filter)}\`*`;
}

export const stacksCommand: TfCommand = {
  usage: '/tf stacks [filter]',
  instant: true,
  summary: 'list the stacks with their provider and lock; filter by a part of a name, a provider, or aws/prod/*',
  async run(args, context) {
    if (args.length > 1) throw new UsageError('give at most one filter');
    const [filter] = args;
    const { config, store, clock } = context.deps;
    const stacks = filter === undefined ? config.stacks : filterStacks(config.stacks, filter);
    const locks = new Map((await store.listLocks(clock.now())).map((lock) => [lock.stack, lock]));
    const message = listingMessage({
      heading:
        stacks.length === 0
          ? `No stack matches \`${escapeMrkdwn(filter ?? '')}\`. \`/tf stacks\` lists all ${config.stacks.length}.`
          : heading(stacks.length, config.stacks.length, filter),
      ...(stacks.length > overviewFrom ? { overview: overview(stacks) } : {}),
      lines: stacks.map((stack) => stackLine(stack, locks.get(stack.name))),
      moreNote: (left) =>
        `…and ${left} more. Narrow the list: \`/tf stacks <filter>\` with a part of a name (\`payments\`), a provider (\`google\`) or a pattern (\`aws/prod/*\`).`,
    });
    await context.reply(message);
    return { outcome: 'succeeded', target: filter ?? '*' };
  },
};
