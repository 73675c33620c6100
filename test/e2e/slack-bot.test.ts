import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../core/jobs/job';
import { completeJob } from '../../core/usecases/complete-job';
import { MemoryStore } from '../fakes/memory-store';
import { mainSha, testConfig } from '../fixtures/config';
import { type startBot as StartBot, signingSecret, startBot } from '../support/bot-harness';
import { eventually } from '../support/route-server';
import type { RecordedCall } from '../support/slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url), 'utf8');
const replies = (calls: RecordedCall[]) => calls.filter((call) => call.method === 'response_url');
const replyText = (bot: Bot) =>
  replies(bot.recorder.calls)
    .map((call) => String(call.body.text))
    .join('\n');

/** A store that cannot record apply jobs, as when the database breaks mid-request. */
class BrokenApplyStore extends MemoryStore {
  override async createJob(job: Job): Promise<boolean> {
    if (job.action === 'apply') throw new Error('disk I/O error');
    return super.createJob(job);
  }
}

type Bot = Awaited<ReturnType<typeof StartBot>>;
let bot: Bot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

async function finishPlan(current: Bot, jobId: string, plan = 'real-1.2-mixed.json') {
  await current.artifacts.put(jobId, 'plan.json', fixture(plan));
  await current.artifacts.put(jobId, 'tfplan', 'saved plan');
  await current.artifacts.put(jobId, 'plan.txt', fixture('real-1.2-mixed.txt'));
  await completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, current.completion);
}

/** Plans the network stack as `userId` and finishes the plan with changes; returns its job id. */
async function plannedBy(current: Bot, userId: string): Promise<string> {
  const before = current.runner.started.length;
  await current.command('plan aws/prod/network', { user_id: userId });
  await current.recorder.waitFor(() => current.runner.started.length === before + 1);
  const jobId = current.runner.started[before]?.job.id ?? '';
  await finishPlan(current, jobId);
  return jobId;
}

describe('the Slack bot over HTTP', () => {
  it('answers the health check', async () => {
    bot = await startBot();

    const response = await fetch(`${bot.url}/healthz`);

    expect(response.status).toBe(200);
  });

  it('rejects a request with a bad signature and does nothing', async () => {
    bot = await startBot();
    const body = slashCommandBody({ text: 'plan aws/prod/network', response_url: bot.recorder.responseUrl() });

    const response = await bot.post(body, slackSignatureHeaders(body, 'not-the-secret'));

    expect(response.status).toBe(401);
    expect(bot.recorder.calls).toHaveLength(0);
    expect(bot.runner.started).toHaveLength(0);
  });

  it('rejects a correctly signed request older than five minutes', async () => {
    bot = await startBot();
    const body = slashCommandBody({ text: 'plan aws/prod/network', response_url: bot.recorder.responseUrl() });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;

    const response = await bot.post(body, slackSignatureHeaders(body, signingSecret, sixMinutesAgo));

    expect(response.status).toBe(401);
    expect(bot.runner.started).toHaveLength(0);
  });

  it('lists the commands for /tf help ephemerally, in the acknowledgement itself, and audits it', async () => {
    bot = await startBot();

    const response = await bot.command('help');

    expect(response.status).toBe(200);
    const reply = (await response.json()) as { response_type: string; blocks: unknown };
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain('/tf plan &lt;stack&gt;');
    expect(replies(bot.recorder.calls)).toHaveLength(0);
    await expect
      .poll(() => bot?.store.listAudit({ limit: 1 }))
      .toMatchObject([{ actor: { id: 'UALICE' }, action: 'tf.help', outcome: 'succeeded' }]);
  });

  it.each([
    ['/cdn', 'help'],
    ['/logs', ''],
  ])(
    'answers %s in the acknowledgement, ephemerally, that it is not enabled when its section is absent',
    async (command, text) => {
      // Prepare
      bot = await startBot();

      // Act
      const response = await bot.command(text, { command, user_id: 'UDEV' });

      // Assess
      expect(response.status).toBe(200);
      const reply = (await response.json()) as { response_type: string; text: string };
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toContain(`\`${command}\` is not enabled in this infrabot; see docs/self-service.md`);
      expect(replies(bot.recorder.calls)).toHaveLength(0);
      await expect
        .poll(() => bot?.store.listAudit({ limit: 1 }))
        .toMatchObject([{ action: command.slice(1), outcome: 'refused', detail: 'not enabled' }]);
    },
  );

  it('lists in /tf help only the other commands that are enabled', async () => {
    // Prepare
    const cdn = { distributions: [{ name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@developers'] }] };
    bot = await startBot({ config: testConfig({ cdn }) });
    const withCdn = await bot.command('help');
    await bot.stop();
    bot = await startBot();

    // Act
    const withNone = await bot.command('help');

    // Assess
    const cdnOnly = JSON.stringify(((await withCdn.json()) as { blocks: unknown }).blocks);
    const none = JSON.stringify(((await withNone.json()) as { blocks: unknown }).blocks);
    expect(cdnOnly).toContain('/cdn help');
    expect(cdnOnly).not.toContain('/logs');
    expect(none).not.toContain('/cdn');
    expect(none).not.toContain('/logs');
  });

  it('answers an unknown command in the acknowledgement with a hint', async () => {
    bot = await startBot();

    const response = await bot.command('plna aws/prod/network');

    expect(((await response.json()) as { text: string }).text).toContain('Did you mean "plan"?');
    expect(bot.runner.started).toHaveLength(0);
  });

  it('shows the stacks and their locks in the acknowledgement', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UALICE' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);

    const response = await bot.command('stacks');

    const text = JSON.stringify(await response.json());
    expect(text).toContain('aws/prod/dns');
    expect(text).toMatch(/aws\/prod\/network.*:lock:/);
  });

  it('posts one message when a plan starts and starts one build, even when Slack retries', async () => {
    bot = await startBot();

    await bot.command('plan aws/prod/network', { trigger_id: 'T-1' });
    await bot.command('plan aws/prod/network', { trigger_id: 'T-1', retry: 1 });
    await bot.recorder.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));

    expect(bot.runner.started).toHaveLength(1);
    expect(bot.recorder.of('chat.postMessage')).toHaveLength(1);
    expect(bot.recorder.of('chat.postMessage')[0]?.body.channel).toBe('C0123ABC');
    expect(JSON.stringify(bot.recorder.of('chat.postMessage')[0]?.body.blocks)).toContain('aws/prod/network');
  });

  it('never asks Slack who the bot is before acknowledging a command, so each ack waits on no Slack call', async () => {
    bot = await startBot();

    await bot.command('help', { trigger_id: 'T-auth-1' });
    await bot.command('plan aws/prod/network', { trigger_id: 'T-auth-2' });
    await bot.recorder.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));

    expect(bot.recorder.of('auth.test')).toHaveLength(0);
  });

  it('updates the plan message with the counts and an Apply button for an applier', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
    const jobId = bot.runner.started[0]?.job.id ?? '';

    await finishPlan(bot, jobId);

    const updates = bot.recorder.of('chat.update');
    const last = JSON.stringify(updates.at(-1)?.body.blocks);
    expect(last).toMatch(/to add|to change|to destroy/);
    expect(last).toContain('"action_id":"tf_apply"');
    expect(last).toContain('"confirm"');
  });

  it('offers no Apply button to someone who may not apply', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UALICE' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);

    await finishPlan(bot, bot.runner.started[0]?.job.id ?? '');

    expect(JSON.stringify(bot.recorder.of('chat.update').at(-1)?.body.blocks)).not.toContain('tf_apply');
  });

  it('refuses an apply from someone who is not an applier', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
    await finishPlan(bot, bot.runner.started[0]?.job.id ?? '');

    await bot.command('apply aws/prod/network', { user_id: 'UMALLORY' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain('only the appliers of aws/prod/network may apply it');
    expect(bot.runner.started).toHaveLength(1);
    await expect
      .poll(() => bot?.store.listAudit({ limit: 1 }))
      .toMatchObject([{ action: 'tf.apply', outcome: 'refused' }]);
  });

  it('refuses an apply without a matching plan and offers to plan', async () => {
    bot = await startBot();

    await bot.command('apply aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain('there is no successful plan of aws/prod/network');
    expect(JSON.stringify(replies(bot.recorder.calls)[0]?.body.blocks)).toContain('"action_id":"tf_plan"');
  });

  it("applies the requester's own latest plan with /tf apply <stack>", async () => {
    bot = await startBot();
    const planJobId = await plannedBy(bot, 'UAPPLIER');

    await bot.command('apply aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 2);

    expect(bot.runner.started[1]?.job).toMatchObject({
      action: 'apply',
      planJobId,
      requestedBy: { source: 'slack', id: 'UAPPLIER' },
    });
  });

  it("refuses someone else's latest plan ephemerally, naming who made it and how to apply it, and starts nothing", async () => {
    bot = await startBot();
    const planJobId = await plannedBy(bot, 'UAPPLIER');

    await bot.command('apply aws/prod/network', { user_id: 'USRE' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    const [reply] = replies(bot.recorder.calls);
    expect(reply?.body.response_type).toBe('ephemeral');
    expect(String(reply?.body.text)).toMatch(
      new RegExp(
        `the latest plan of aws/prod/network is not yours: <@UAPPLIER> made it .* at main \\(aaaaaaaa\\), job ${planJobId}\\.`,
      ),
    );
    expect(String(reply?.body.text)).toContain(
      `To apply this one, review it, then click Apply on that plan's message, or run /tf apply aws/prod/network ${planJobId}.`,
    );
    expect(JSON.stringify(reply?.body.blocks)).toContain('not yours: <@UAPPLIER> made it');
    expect(bot.runner.started).toHaveLength(1);
    expect(await bot.store.listJobs({ action: 'apply', limit: 10 })).toEqual([]);
    expect(await bot.store.getLock('aws/prod/network', bot.clock.now())).toBeUndefined();
    await expect
      .poll(() => bot?.store.listAudit({ limit: 1 }))
      .toMatchObject([
        { actor: { id: 'USRE' }, action: 'tf.apply', outcome: 'refused', detail: 'plan_by_someone_else' },
      ]);
  });

  it("applies someone else's plan named by its job id with /tf apply <stack> <plan-job-id>", async () => {
    bot = await startBot();
    const planJobId = await plannedBy(bot, 'UALICE');

    await bot.command(`apply aws/prod/network ${planJobId}`, { user_id: 'USRE' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 2);

    expect(bot.runner.started[1]?.job).toMatchObject({
      action: 'apply',
      planJobId,
      requestedBy: { source: 'slack', id: 'USRE' },
    });
  });

  it('refuses a named plan that a newer plan replaced, naming the newer one', async () => {
    bot = await startBot();
    const first = await plannedBy(bot, 'UALICE');
    bot.clock.advance(60_000);
    const second = await plannedBy(bot, 'UBOB');

    await bot.command(`apply aws/prod/network ${first}`, { user_id: 'USRE' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain(
      `plan ${first} is no longer the latest plan of aws/prod/network: apply ${second} instead.`,
    );
    expect(bot.runner.started).toHaveLength(2);
  });

  it('answers an apply whose second word is not a job id with the usage, in the acknowledgement', async () => {
    bot = await startBot();

    const response = await bot.command('apply aws/prod/network main', { user_id: 'USRE' });

    const text = ((await response.json()) as { text: string }).text;
    expect(text).toContain(`"main" is not a plan's job id (such as j-lx2k3-ab12, shown on the plan's message)`);
    expect(text).toContain('Usage: /tf apply <stack> [plan-job-id]');
    expect(bot.runner.started).toHaveLength(0);
  });

  it('applies the plan once when a member of an applier group double-clicks Apply', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'USRE' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
    const planJobId = bot.runner.started[0]?.job.id ?? '';
    await finishPlan(bot, planJobId);
    const value = JSON.stringify({ planJobId, stack: 'aws/prod/network' });

    await Promise.all([
      bot.click('tf_apply', value, { user_id: 'USRE' }),
      bot.click('tf_apply', value, { user_id: 'USRE' }),
    ]);
    await bot.recorder.waitFor(() => bot?.runner.started.length === 2);

    expect(bot.runner.started[1]?.job).toMatchObject({ action: 'apply', planJobId });
    expect(bot.runner.started[1]?.roleArn).toContain('infrabot-apply-network');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bot.runner.started).toHaveLength(2);
  });

  describe('a plan with risk flags', () => {
    const lastUpdate = (current: Bot) => JSON.stringify(current.recorder.of('chat.update').at(-1)?.body.blocks);

    async function riskyPlan(current: Bot): Promise<string> {
      await current.command('plan aws/prod/network', { user_id: 'UALICE' });
      await current.recorder.waitFor(() => current.runner.started.length === 1);
      const planJobId = current.runner.started[0]?.job.id ?? '';
      await finishPlan(current, planJobId, 'risky-plan.json');
      return planJobId;
    }

    it("starts nothing on the first applier's Apply, and asks for one more approval with an Approve button", async () => {
      bot = await startBot();
      const planJobId = await riskyPlan(bot);
      expect(lastUpdate(bot)).toContain('aws_security_group_rule.ssh');

      await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/network' }), { user_id: 'UAPPLIER' });
      await bot.recorder.waitFor(() => replies(bot?.recorder.calls ?? []).length === 1);

      expect(replyText(bot)).toContain('your approval is recorded');
      expect(replyText(bot)).toContain('it needs 1 more approval. Approved so far by <@UAPPLIER>.');
      expect(lastUpdate(bot)).toContain('Needs 1 more approval');
      expect(lastUpdate(bot)).toContain('"action_id":"tf_approve"');
      expect(bot.runner.started).toHaveLength(1);
      expect(await bot.store.listAudit({ limit: 10 })).toContainEqual(
        expect.objectContaining({
          action: 'tf.approve',
          outcome: 'accepted',
          jobId: planJobId,
          detail: 'approval: 1 of 2',
        }),
      );
    });

    it("refuses the same person's Approve, and starts the apply of that plan on a second applier's Approve", async () => {
      bot = await startBot();
      const planJobId = await riskyPlan(bot);
      const value = JSON.stringify({ planJobId, stack: 'aws/prod/network' });
      await bot.click('tf_apply', value, { user_id: 'UAPPLIER' });
      await bot.recorder.waitFor(() => replies(bot?.recorder.calls ?? []).length === 1);

      await bot.click('tf_approve', value, { user_id: 'UAPPLIER' });
      await bot.recorder.waitFor(() => replies(bot?.recorder.calls ?? []).length === 2);
      expect(replyText(bot)).toContain('you have already approved plan');
      expect(bot.runner.started).toHaveLength(1);

      await bot.click('tf_approve', value, { user_id: 'USRE' });
      await bot.recorder.waitFor(() => bot?.runner.started.length === 2);

      expect(bot.runner.started[1]?.job).toMatchObject({ action: 'apply', planJobId, requestedBy: { id: 'USRE' } });
      await expect.poll(() => lastUpdate(bot as Bot)).toContain('*Approved* by <@UAPPLIER>, <@USRE>');
    });

    it('does not count the approval of whoever made the plan', async () => {
      bot = await startBot();
      await bot.command('plan aws/prod/network', { user_id: 'USRE' });
      await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
      const planJobId = bot.runner.started[0]?.job.id ?? '';
      await finishPlan(bot, planJobId, 'risky-plan.json');

      await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/network' }), { user_id: 'USRE' });
      await bot.recorder.waitFor(() => replies(bot?.recorder.calls ?? []).length === 1);

      expect(replyText(bot)).toContain(`you made plan ${planJobId}, so your approval does not count`);
      expect(lastUpdate(bot)).toContain('Needs 2 more approvals');
      expect(bot.runner.started).toHaveLength(1);
    });

    it("applies a plan without flags on the first applier's click, with no approval asked", async () => {
      bot = await startBot();
      const planJobId = await plannedBy(bot, 'UALICE');

      await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/network' }), { user_id: 'UAPPLIER' });
      await bot.recorder.waitFor(() => bot?.runner.started.length === 2);

      expect(bot.runner.started[1]?.job).toMatchObject({ action: 'apply', planJobId });
      expect(lastUpdate(bot)).not.toContain('tf_approve');
      expect(await bot.store.listAudit({ limit: 10 })).not.toContainEqual(
        expect.objectContaining({ action: 'tf.approve' }),
      );
    });
  });

  it('suggests the closest names for an unknown stack, in the acknowledgement', async () => {
    bot = await startBot();

    const response = await bot.command('plan aws/prod/netwrk');

    expect(((await response.json()) as { text: string }).text).toContain('Did you mean "aws/prod/network"?');
    expect(bot.runner.started).toHaveLength(0);
    await expect
      .poll(() => bot?.store.listAudit({ limit: 1 }))
      .toMatchObject([{ action: 'tf.plan', outcome: 'refused' }]);
  });

  it('shows the usage when a command is missing its stack', async () => {
    bot = await startBot();

    const response = await bot.command('plan');

    expect(((await response.json()) as { text: string }).text).toContain('Usage: /tf plan <stack> [branch|tag|commit]');
  });

  it('tells at once who holds the lock of a stack someone else is planning', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UALICE' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);

    const response = await bot.command('plan aws/prod/network', { user_id: 'UBOB' });

    expect(((await response.json()) as { text: string }).text).toMatch(
      /aws\/prod\/network is locked by job j-.* \(UALICE\)/,
    );
    expect(bot.runner.started).toHaveLength(1);
    await expect
      .poll(() => bot?.store.listAudit({ limit: 1 }))
      .toMatchObject([{ actor: { id: 'UBOB' }, action: 'tf.plan', outcome: 'refused', detail: 'lock_held' }]);
  });

  it('refuses an Apply click whose value names a plan of another stack', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
    const planJobId = bot.runner.started[0]?.job.id ?? '';
    await finishPlan(bot, planJobId);

    await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/dns' }), { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain(`no job "${planJobId}" was found`);
    expect(bot.runner.started).toHaveLength(1);
  });

  it('writes a refused Apply click to the audit log', async () => {
    bot = await startBot();
    await bot.command('plan aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
    const planJobId = bot.runner.started[0]?.job.id ?? '';
    await finishPlan(bot, planJobId);

    await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/network' }), { user_id: 'UMALLORY' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    await expect
      .poll(() => bot?.store.listAudit({ limit: 1 }))
      .toMatchObject([
        { actor: { id: 'UMALLORY' }, action: 'tf.apply', target: 'aws/prod/network', outcome: 'refused' },
      ]);
  });

  it('tells the user when an Apply click breaks unexpectedly, without the error', async () => {
    bot = await startBot({ store: new BrokenApplyStore() });
    await bot.command('plan aws/prod/network', { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor(() => bot?.runner.started.length === 1);
    const planJobId = bot.runner.started[0]?.job.id ?? '';
    await finishPlan(bot, planJobId);

    await bot.click('tf_apply', JSON.stringify({ planJobId, stack: 'aws/prod/network' }), { user_id: 'UAPPLIER' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain('Something went wrong while handling /tf apply');
    expect(replyText(bot)).not.toContain('disk I/O error');
    expect(bot.errors.map((entry) => String(entry.error))).toContain('Error: disk I/O error');
  });

  it('tells the user to invite the bot when it cannot post in the channel, and starts nothing', async () => {
    bot = await startBot();
    bot.recorder.closedChannels.add('CPRIVATE');

    await bot.command('plan aws/prod/network', { user_id: 'UAPPLIER', channel_id: 'CPRIVATE' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain('invite the bot to this channel');
    expect(replyText(bot)).not.toContain('Something went wrong');
    expect(bot.runner.started).toHaveLength(0);
    expect(await bot.store.listJobs({ limit: 10 })).toEqual([]);
  });

  it('marks the job message failed when the job cannot be handed to the dispatcher', async () => {
    bot = await startBot();
    bot.deps.requests.dispatcher = {
      dispatch: async () => {
        throw new Error('TooManyRequestsException: rate exceeded');
      },
    };

    await bot.command('plan aws/prod/network', { user_id: 'UALICE' });
    await bot.recorder.waitFor((calls) => replies(calls).length > 0);

    expect(replyText(bot)).toContain('rate exceeded');
    await bot.recorder.waitFor((calls) => calls.some((call) => call.method === 'chat.update'));
    const update = JSON.stringify(bot.recorder.of('chat.update').at(-1)?.body);
    expect(update).toContain('failed');
    expect(update).toContain('rate exceeded');
  });
  it('cancels a queued apply and stops the apply waiting for it, naming the cancelled upstream', async () => {
    const store = new MemoryStore();
    const base = {
      sha: mainSha,
      requestedBy: { source: 'slack' as const, id: 'UADMIN' },
      createdAt: new Date().toISOString(),
    };
    await store.createJob({ ...base, id: 'j-up01-aaaa', action: 'apply', stack: 'aws/prod/network', status: 'queued' });
    await store.createJob({
      ...base,
      id: 'j-down-bbbb',
      action: 'apply',
      stack: 'aws/prod/dns',
      status: 'waiting',
      order: { upstream: ['j-up01-aaaa'], replanAt: mainSha },
    });
    bot = await startBot({ store });

    await bot.command('cancel j-up01-aaaa', { user_id: 'UADMIN' });

    const current = bot;
    await current.recorder.waitFor(() => replyText(current).includes('is cancelled'));
    const downstream = await store.getJob('j-down-bbbb');
    expect(downstream?.status).toBe('cancelled');
    expect(downstream?.reason).toMatch(
      /^not applied: aws\/prod\/dns depends on aws\/prod\/network, and its apply j-up01-aaaa cancelled: cancelled by <@UADMIN>/,
    );
  });
  it('applies /tf apply of two stacks in dependency order: dns waits, is planned again after network, then applied', async () => {
    const config = testConfig();
    const [network, dns] = config.stacks;
    if (!network || !dns) throw new Error('two stacks expected');
    bot = await startBot({ config: { ...config, stacks: [network, { ...dns, dependsOn: [network.name] }] } });
    await plannedBy(bot, 'UAPPLIER');
    const before = bot.runner.started.length;
    await bot.command('plan aws/prod/dns', { user_id: 'UAPPLIER' });
    const current = bot;
    await current.recorder.waitFor(() => current.runner.started.length === before + 1);
    await finishPlan(current, current.runner.started[before]?.job.id ?? '');

    await current.command('apply aws/prod/network aws/prod/dns', { user_id: 'UAPPLIER' });

    await current.recorder.waitFor(() => current.runner.started.length === before + 2);
    const started = () =>
      current.runner.started.slice(before + 1).map((spec) => `${spec.job.action} ${spec.job.stack}`);
    expect(started()).toEqual(['apply aws/prod/network']);
    const dnsApply = async () =>
      (await current.store.listJobs({ stack: 'aws/prod/dns', action: 'apply', limit: 1 }))[0];
    await eventually(async () =>
      expect(await dnsApply()).toMatchObject({ status: 'waiting', reply: { ts: expect.any(String) } }),
    );
    const waiting = await dnsApply();
    const networkApply = current.runner.started[before + 1]?.job.id ?? '';
    await completeJob(
      { jobId: networkApply, buildId: `build-${networkApply}`, result: 'succeeded' },
      current.completion,
    );
    await current.recorder.waitFor(() => current.runner.started.length === before + 3);
    expect(started()).toEqual(['apply aws/prod/network', 'plan aws/prod/dns']);
    await finishPlan(current, current.runner.started[before + 2]?.job.id ?? '');
    await current.recorder.waitFor(() => current.runner.started.length === before + 4);
    expect(started()).toEqual(['apply aws/prod/network', 'plan aws/prod/dns', 'apply aws/prod/dns']);
    expect(current.runner.started[before + 3]?.job).toMatchObject({ id: waiting?.id, reply: waiting?.reply });
  });
});
