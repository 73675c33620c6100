import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inSyncPlan, sshOpenedPlan } from '../fixtures/drift-plans';
import { tempDir } from '../support/git-repo';
import { demoServeEnv, terraformDemoRepo } from '../support/serve-process';
import { e2eSigningSecret, type ServedBot, serveOverSlack } from '../support/serve-slack';
import { buttonClickBody } from '../support/slack-signing';
import { readCalls, writeStandIns } from '../support/stand-ins';

const driftChannel = 'C0DRIFT';

let bot: ServedBot | undefined;

afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

/** The value of the button `actionId` in a posted message (Slack's form body carries the blocks as JSON text). */
function buttonValue(post: Record<string, unknown> | undefined, actionId: string): string {
  const raw = post?.blocks;
  const blocks = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{
    elements?: Array<Record<string, unknown>>;
  }>;
  const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === actionId);
  return String(button?.value ?? '');
}

/** `infrabot serve` with the demo stack (real terraform, terraform_data) and drift news going to C0DRIFT. */
async function serveWithDrift(
  driftYaml = `drift:\n  channel: ${driftChannel}\n  concurrency: 2`,
  env: Record<string, string> = {},
) {
  const repos = terraformDemoRepo();
  const dir = tempDir('e2e-drift');
  bot = await serveOverSlack((slackApiUrl) => ({
    ...demoServeEnv({ dir, repoDir: repos.clone, slackApiUrl, signingSecret: e2eSigningSecret, extraYaml: driftYaml }),
    ...env,
  }));
  const served = bot;
  /** What the bot posted in the drift channel, less the messages of applies started there. */
  const posts = () =>
    served.slack
      .of('chat.postMessage')
      .filter((call) => call.body.channel === driftChannel && !String(call.body.text).startsWith('apply of'))
      .map((call) => call.body);
  /** The drift channel's news as JSON, oldest first. */
  const news = () => posts().map((post) => JSON.stringify(post));
  /** Every ephemeral reply, as JSON. */
  const replies = () => served.slack.of('response_url').map((call) => JSON.stringify(call.body));
  /** Runs `/tf drift check local/demo` and waits until the check has ended (`/tf drift` no longer says checking). */
  const check = async () => {
    const before = replies().length;
    await served.command('drift check local/demo', 'UAPPLIER');
    await served.slack.waitFor(
      () =>
        replies()
          .slice(before)
          .some((reply) => reply.includes('checking')),
      10_000,
    );
    const deadline = Date.now() + 90_000;
    for (;;) {
      const listing = await (await served.command('drift', 'UAPPLIER')).text();
      if (!listing.includes('checking') && !listing.includes('not checked')) return listing;
      if (Date.now() > deadline) throw new Error(`the drift check did not end: ${listing}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  return { served, repos, news, posts, replies, check };
}

describe('drift checks under infrabot serve', () => {
  it('announces drift once, applies the check’s own plan from Apply to fix, and announces the return to sync', async () => {
    // Prepare: the demo stack was never applied, so its code is not applied
    const { served, repos, news, posts, check } = await serveWithDrift();

    // Act: two checks of the same drift
    const first = await check();
    await check();

    // Assess: one message in the drift channel, naming what is not applied, with Apply to fix
    expect(first).toContain('pending 2');
    expect(news()).toHaveLength(1);
    expect(news()[0]).toContain('terraform_data.web');
    expect(news()[0]).toContain('Code not applied');
    const value = buttonValue(posts()[0], 'drift_apply');

    // Act: someone who may not apply clicks Apply to fix; then an applier does
    const click = (user: string) =>
      served.send(
        buttonClickBody({
          actionId: 'drift_apply',
          value,
          user_id: user,
          channel_id: driftChannel,
          response_url: served.slack.responseUrl(),
        }),
      );
    await click('UDEVELOPER');
    await served.slack.waitFor(
      (calls) => calls.some((call) => JSON.stringify(call.body).includes('only the appliers of local/demo')),
      10_000,
    );
    await click('UAPPLIER');
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('*Apply*') && update.includes('succeeded')),
      60_000,
    );
    const applied = served.updates().find((update) => update.includes('*Apply*') && update.includes('succeeded'));

    // Assess: the apply is of the drift check's plan; the next check finds the stack back in sync
    expect(applied).toMatch(/plan `j-[a-z0-9-]+`/);
    expect(await check()).toContain('in sync');
    expect(news()).toHaveLength(2);
    expect(news()[1]).toContain('back in sync');

    // Act: someone changes the state outside the bot
    const state = JSON.parse(readFileSync(repos.statePath, 'utf8'));
    const web = state.resources.find((resource: { name: string }) => resource.name === 'web');
    web.instances[0].attributes.input = { value: 'changed by hand', type: 'string' };
    state.serial += 1;
    writeFileSync(repos.statePath, JSON.stringify(state));
    const drifted = await check();

    // Assess: the drift is announced, naming the one resource that differs
    expect(drifted).toContain('pending 1');
    expect(news()).toHaveLength(3);
    expect(news()[2]).toContain('terraform_data.web');
    expect(news()[2]).not.toContain('terraform_data.worker');
  }, 300_000);

  it('names a resource changed outside Terraform once, applies the check’s saved plan once however often it is clicked, then says it is back in sync', async () => {
    // Prepare: a stand-in terraform whose plan shows someone opened SSH on the web security group
    const bin = tempDir('e2e-drift-bin');
    const record = writeStandIns(bin, ['terraform']);
    const planJson = join(bin, 'plan.json');
    writeFileSync(planJson, JSON.stringify(sshOpenedPlan()));
    const { served, news, posts, check } = await serveWithDrift(undefined, {
      PATH: `${bin}:${process.env.PATH}`,
      INFRABOT_BUILD_ENV: 'STANDIN_*',
      STANDIN_RECORD: record,
      STANDIN_PLAN_JSON: planJson,
    });

    // Act: the same drift checked twice, then Apply to fix, double-clicked
    expect(await check()).toContain('drifted 1');
    await check();
    const click = () =>
      buttonClickBody({
        actionId: 'drift_apply',
        value: buttonValue(posts()[0], 'drift_apply'),
        user_id: 'UAPPLIER',
        channel_id: driftChannel,
        response_url: served.slack.responseUrl(),
      });
    await Promise.all([served.send(click()), served.send(click())]);
    await served.slack.waitFor(
      () => served.updates().some((update) => update.includes('*Apply*') && update.includes('succeeded')),
      30_000,
    );

    // Assess: one message, naming the resource and the attribute changed outside Terraform, saying the fix reverts it
    expect(news()).toHaveLength(1);
    expect(news()[0]).toContain('Changed outside Terraform');
    expect(news()[0]).toContain('aws_security_group.web');
    expect(news()[0]).toContain('ingress');
    expect(news()[0]).toContain('reverts the manual change');
    const applies = readCalls(record).filter((call) => call.args.includes('apply'));
    expect(applies).toHaveLength(1);
    expect(applies[0]?.args.at(-1)).toMatch(/tfplan$/);

    // Act: the plan comes back clean
    writeFileSync(planJson, JSON.stringify(inSyncPlan));
    expect(await check()).toContain('in sync');

    // Assess
    expect(news()).toHaveLength(2);
    expect(news()[1]).toContain('back in sync');
  }, 120_000);

  it('starts checks by itself on the schedule and shows each stack’s state and the next run in /tf drift', async () => {
    // Prepare
    const { served, news } = await serveWithDrift(`drift:\n  channel: ${driftChannel}\n  schedule: "* * * * *"`);

    // Act: wait for the minute to turn
    await served.slack.waitFor(() => news().length > 0, 90_000);
    const listing = await (await served.command('drift', 'UAPPLIER')).text();

    // Assess
    expect(news()[0]).toContain('Drift in');
    expect(listing).toContain('local/demo');
    expect(listing).toContain('pending 2');
    expect(listing).toMatch(/next check \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  }, 150_000);
});
