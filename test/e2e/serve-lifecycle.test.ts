import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import type { Job } from '../../core/jobs/job';
import { createRepos, tempDir } from '../support/git-repo';
import { startServe } from '../support/serve-process';
import { type RecordedCall, SlackApiRecorder } from '../support/slack-api-recorder';
import { buttonClickBody, slackSignatureHeaders, slashCommandBody } from '../support/slack-signing';
import { readEvents, writeStandIns } from '../support/stand-ins';

const secret = 'e2e-signing-secret';
const planJson = new URL('../fixtures/plans/real-1.2-mixed.json', import.meta.url).pathname;
const updates = (calls: RecordedCall[]) =>
  calls.filter((call) => call.method === 'chat.update').map((call) => JSON.stringify(call.body));
const replies = (calls: RecordedCall[]) =>
  calls.filter((call) => call.method === 'response_url').map((call) => JSON.stringify(call.body));

let children: ChildProcess[] = [];
let recorder: SlackApiRecorder | undefined;

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children = [];
  await recorder?.stop();
});

/** Two stacks, one build at a time, stand-in terraform on PATH, and an admin and an applier. */
async function lifecycleWorld() {
  const dir = tempDir('e2e-lifecycle');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const record = writeStandIns(bin, ['terraform']);
  const repos = createRepos({ 'stacks/demo/main.tf': '# demo\n', 'stacks/other/main.tf': '# other\n' });
  const config = join(dir, 'infrabot.yaml');
  const stack = (name: string) => [
    `  - name: local/${name}`,
    `    dir: stacks/${name}`,
    '    provider: aws',
    '    roles:',
    `      plan: arn:aws:iam::123456789012:role/plan-${name}`,
    `      apply: arn:aws:iam::123456789012:role/apply-${name}`,
    '    appliers: ["UAPPLIER"]',
  ];
  writeFileSync(
    config,
    [
      'repository: example-org/infra',
      'admins: ["UADMIN"]',
      'jobs:',
      '  concurrency: 1',
      '  stopGracePeriod: 30s',
      'stacks:',
      ...stack('demo'),
      ...stack('other'),
    ].join('\n'),
  );
  recorder = new SlackApiRecorder();
  await recorder.start();
  const slack = recorder;
  const holds = { plan: join(dir, 'release-plan'), apply: join(dir, 'release-apply') };
  const env = {
    SLACK_SIGNING_SECRET: secret,
    SLACK_BOT_TOKEN: 'xoxb-e2e',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    INFRABOT_CONFIG: config,
    INFRABOT_STATE: join(dir, 'state', 'state.db'),
    INFRABOT_REPO_DIR: repos.clone,
    PATH: `${bin}:${process.env.PATH}`,
    STANDIN_RECORD: record,
    STANDIN_SHOW_JSON: planJson,
  };
  let port = 0;
  const send = (body: string) =>
    fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: slackSignatureHeaders(body, secret),
      body,
    });
  const world = {
    holds,
    record,
    slack,
    async serve(extra: Record<string, string> = {}) {
      const started = await startServe({ ...env, ...extra });
      children.push(started.child);
      port = started.port;
      return started.child;
    },
    command: (text: string, user_id = 'UAPPLIER') =>
      send(slashCommandBody({ text, user_id, response_url: slack.responseUrl() })),
    click: (actionId: string, value: string, user_id: string) =>
      send(buttonClickBody({ actionId, value, user_id, response_url: slack.responseUrl() })),
    /** Reads the bot's SQLite state from beside it, as a second process would. */
    async inStore<T>(read: (store: SqliteStore) => Promise<T>): Promise<T> {
      const store = new SqliteStore(env.INFRABOT_STATE);
      try {
        return await read(store);
      } finally {
        store.close();
      }
    },
    async job(action: Job['action'], stack = 'local/demo'): Promise<Job | undefined> {
      return (await world.inStore((store) => store.listJobs({ action, stack, limit: 1 })))[0];
    },
    terraformRuns: (subcommand: string, event = 'start') =>
      readEvents(record).filter((call) => call.args.includes(subcommand) && call.event === event),
    release: (which: 'plan' | 'apply') => writeFileSync(holds[which], ''),
  };
  return world;
}

type World = Awaited<ReturnType<typeof lifecycleWorld>>;

/** Plans local/demo (at once) and clicks Apply; resolves once the stand-in apply is running. */
async function startHeldApply(world: World): Promise<Job> {
  await world.command('plan local/demo');
  await world.slack.waitFor((calls) => updates(calls).some((update) => update.includes('tf_apply')), 60_000);
  const plan = await world.job('plan');
  await world.click('tf_apply', JSON.stringify({ planJobId: plan?.id, stack: 'local/demo' }), 'UAPPLIER');
  await expect.poll(() => world.terraformRuns('apply').length, { timeout: 60_000 }).toBe(1);
  const apply = await world.job('apply');
  if (!apply) throw new Error('no apply job was recorded');
  return apply;
}

describe('infrabot serve: stopping, shutting down and restarting without losing state', () => {
  it("refuses /tf cancel and /tf unlock of a running apply, and an admin's confirmed Stop apply interrupts terraform alone and ends the job cancelled with the lock released", async () => {
    // Prepare
    const world = await lifecycleWorld();
    await world.serve({ STANDIN_HOLD_APPLY: join(tempDir('never'), 'released') });
    const apply = await startHeldApply(world);

    // Act: cancel and unlock are refused
    await world.command(`cancel ${apply.id}`, 'UADMIN');
    await world.command('unlock local/demo', 'UADMIN');
    await world.slack.waitFor(
      (calls) => replies(calls).filter((reply) => reply.includes(apply.id)).length >= 2,
      20_000,
    );

    // Assess
    const answers = replies(world.slack.calls).filter((reply) => reply.includes(apply.id));
    expect(answers[0]).toContain('does not stop a running apply');
    expect(answers[0]).toContain('tf_stop_apply');
    expect(answers[1]).toContain(`cannot be unlocked while job ${apply.id}`);
    expect(answers[1]).toContain(`/tf cancel ${apply.id}`);
    expect(world.terraformRuns('apply', 'sigint')).toHaveLength(0);

    // Act: the admin confirms Stop apply
    await world.click('tf_stop_apply', apply.id, 'UADMIN');

    // Assess: terraform got SIGINT and stopped cleanly; the job ends cancelled and the stack is free
    await world.slack.waitFor(
      (calls) => updates(calls).some((update) => update.includes('*Apply*') && update.includes('cancelled')),
      60_000,
    );
    expect(world.terraformRuns('apply', 'sigint')).toHaveLength(1);
    expect(world.terraformRuns('apply', 'end')).toHaveLength(1);
    expect((await world.job('apply'))?.status).toBe('cancelled');
    expect(await world.inStore((store) => store.getLock('local/demo', new Date()))).toBeUndefined();
  }, 180_000);

  it('on SIGTERM lets the running apply finish and report before it exits, and cancels the queued job with the reason', async () => {
    // Prepare
    const world = await lifecycleWorld();
    const serve = await world.serve({ STANDIN_HOLD_APPLY: world.holds.apply });
    await startHeldApply(world);
    await world.command('plan local/other');
    await expect.poll(async () => (await world.job('plan', 'local/other'))?.build, { timeout: 20_000 }).toBeDefined();
    let exitedAt: number | undefined;
    const exited = new Promise<number | null>((resolve) =>
      serve.once('exit', (code) => {
        exitedAt = world.slack.calls.length;
        resolve(code);
      }),
    );

    // Act
    serve.kill('SIGTERM');
    await world.slack.waitFor(
      (calls) => updates(calls).some((update) => update.includes('local/other') && update.includes('cancelled')),
      30_000,
    );
    const runningAfterSigterm = exitedAt === undefined;
    world.release('apply');
    const code = await exited;

    // Assess
    expect(runningAfterSigterm).toBe(true);
    expect(code).toBe(0);
    const reported = updates(world.slack.calls.slice(0, exitedAt));
    expect(reported.some((update) => update.includes('*Apply*') && update.includes('succeeded'))).toBe(true);
    expect((await world.job('plan', 'local/other'))?.reason).toContain('the bot shut down before the build started');
    expect(await world.inStore((store) => store.listLocks(new Date()))).toEqual([]);
  }, 180_000);

  it('after kill -9 and a restart keeps the stack locked while the orphaned plan runs, refuses a new plan, then reports the plan and releases the lock', async () => {
    // Prepare
    const world = await lifecycleWorld();
    const first = await world.serve({ STANDIN_HOLD_PLAN: world.holds.plan });
    await world.command('plan local/demo');
    await expect.poll(() => world.terraformRuns('plan').length, { timeout: 60_000 }).toBe(1);
    const plan = await world.job('plan');

    // Act: the bot dies, and starts again
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    await world.serve();
    const refused = await (await world.command('plan local/demo')).text();

    // Assess: the orphaned terraform still runs, holds the stack, and a second plan is refused
    expect(world.terraformRuns('plan', 'end')).toHaveLength(0);
    expect(refused).toContain(`locked by job ${plan?.id}`);
    expect((await world.inStore((store) => store.getLock('local/demo', new Date())))?.activeJobId).toBe(plan?.id);
    expect((await world.job('plan'))?.status).toBe('running');

    // Act: the orphaned plan ends
    world.release('plan');

    // Assess: the restarted bot reports it and frees the stack
    await world.slack.waitFor(
      (calls) => updates(calls).some((update) => update.includes(plan?.id ?? '?') && update.includes('succeeded')),
      60_000,
    );
    expect((await world.job('plan'))?.status).toBe('succeeded');
    expect(await world.inStore((store) => store.getLock('local/demo', new Date()))).toBeUndefined();
  }, 180_000);
});
