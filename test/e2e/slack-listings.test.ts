import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../core/config/schema';

type StackConfigInput = ConfigInput['stacks'][number];

import { type SlackBlock, slackLimitProblems } from '../../core/render/slack/slack-block';
import { awsStack, testConfig } from '../fixtures/config';
import { startBot } from '../support/bot-harness';

const providers = ['aws', 'google', 'github', 'newrelic'] as const;
const teams = ['payments', 'search', 'checkout', 'identity', 'media'];

/** An organization's worth of stacks: 1,000 names over providers, environments and teams. */
function manyStacks(count: number): StackConfigInput[] {
  return Array.from({ length: count }, (_, index) => {
    const provider = providers[index % providers.length] ?? 'aws';
    const name = `${provider}/${index % 3 === 0 ? 'prod' : 'dev'}/${teams[index % teams.length]}-${index}`;
    return awsStack(name, { appliers: ['UAPPLIER'] });
  });
}

interface Reply {
  text: string;
  blocks?: SlackBlock[];
}

/** Every way a reply breaks Slack's limits: its blocks, and its fallback text over 40,000 characters. */
function limitProblems(reply: Reply): string[] {
  const problems = slackLimitProblems(reply.blocks ?? []);
  if (reply.text.length > 40_000) problems.push(`text of ${reply.text.length} characters`);
  return problems;
}

describe('listings in Slack with 1,000 stacks', () => {
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('lists only the stacks that match /tf stacks payments, with every match named', async () => {
    bot = await startBot({ config: testConfig({ stacks: manyStacks(1_000) }) });

    const reply = (await (await bot.command('stacks payments')).json()) as Reply;

    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain('200 of 1000 stacks match `payments`');
    expect(shown).toContain('aws/prod/payments-0');
    expect(shown).not.toContain('search-1');
    expect(limitProblems(reply)).toEqual([]);
  });

  it('finds stacks by a pattern over their names', async () => {
    bot = await startBot({ config: testConfig({ stacks: manyStacks(1_000) }) });

    const reply = (await (await bot.command('stacks github/prod/*')).json()) as Reply;

    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain('github/prod/checkout-282');
    expect(shown).not.toContain('github/dev/');
  });

  it('answers /tf stacks over 1,000 stacks with counts, the first stacks and how to narrow the list, within Slack limits', async () => {
    bot = await startBot({ config: testConfig({ stacks: manyStacks(1_000) }) });

    const reply = (await (await bot.command('stacks')).json()) as Reply;

    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain('*1000 stacks*');
    expect(shown).toContain('*By provider:* `aws` 1000');
    expect(shown).toContain('`aws/prod` 84');
    expect(shown).toContain('…and 900 more');
    expect(limitProblems(reply)).toEqual([]);
  });

  it('says when no stack matches the filter', async () => {
    bot = await startBot();

    const reply = (await (await bot.command('stacks nothing-like-this')).json()) as Reply;

    expect(reply.text).toContain('No stack matches `nothing-like-this`');
  });

  it('keeps /tf locks within Slack limits when 1,000 stacks are locked', async () => {
    const stacks = manyStacks(1_000);
    bot = await startBot({ config: testConfig({ stacks }) });
    for (const [index, stack] of stacks.entries()) {
      const jobId = `j-lock-${index}`;
      await bot.store.acquireLock(
        { stack: stack.name, owner: { kind: 'job', jobId }, jobId, heldBy: 'UAPPLIER', ttlMs: 3_600_000 },
        bot.clock.now(),
      );
    }

    const reply = (await (await bot.command('locks')).json()) as Reply;

    expect(JSON.stringify(reply.blocks)).toContain('*1000 locked*');
    expect(JSON.stringify(reply.blocks)).toContain('…and 900 more');
    expect(limitProblems(reply)).toEqual([]);
  });

  it('keeps /tf status within Slack limits with many running jobs and long reasons', async () => {
    const stacks = manyStacks(60);
    bot = await startBot({ config: testConfig({ stacks }) });
    for (const [index, stack] of stacks.entries()) {
      await bot.store.createJob({
        id: `j-run-${index}`,
        action: 'plan',
        stack: stack.name,
        sha: 'a'.repeat(40),
        requestedBy: { source: 'slack', id: 'UAPPLIER' },
        status: 'queued',
        createdAt: bot.clock.now().toISOString(),
        reason: 'x'.repeat(5_000),
      });
    }

    const reply = (await (await bot.command('status')).json()) as Reply;

    expect(JSON.stringify(reply.blocks)).toContain('…and more');
    expect(limitProblems(reply)).toEqual([]);
  });
});
