import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, git } from '../../../support/git-repo';
import { runSpec, stack } from '../../../support/run-spec';
import { commandLine, readCalls } from '../../../support/stand-ins';
import { createHarness, type Harness, waitFor } from './local-runner-harness';

const net = stack({ name: 'aws/prod/net', dir: 'stacks/net' });
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.runner.shutdown();
  harness = undefined;
});

describe('LocalRunner with a stand-in terraform', () => {
  it('runs the plan steps of the buildspec in order in a worktree of the commit', async () => {
    // Prepare
    harness = createHarness();
    const sha = harness.repos.firstSha;

    // Act
    const ref = await harness.runner.start(runSpec(net, { id: 'j-plan-1', sha }));
    const outcome = await harness.finished('j-plan-1');

    // Assess
    expect(outcome).toMatchObject({ jobId: 'j-plan-1', buildId: ref.id, result: 'succeeded', logUrl: ref.logUrl });
    expect(ref.logUrl).toBe(`file://${join(harness.stateDir, 'jobs', 'j-plan-1', 'log.txt')}`);
    const calls = readCalls(harness.record);
    expect(calls.map(commandLine)).toEqual([
      'terraform -chdir=stacks/net init -input=false -no-color',
      'terraform -chdir=stacks/net plan -input=false -lock-timeout=5m -out=tfplan -detailed-exitcode -no-color',
      'terraform -chdir=stacks/net show -json tfplan',
      'terraform -chdir=stacks/net show -no-color tfplan',
    ]);
    expect(calls[0]?.cwd).toBe(join(harness.stateDir, 'worktrees', 'j-plan-1', 'stacks', 'net'));
    expect(calls[0]?.env).toMatchObject({
      TF_IN_AUTOMATION: '1',
      TF_PLUGIN_CACHE_DIR: join(harness.stateDir, 'plugin-cache', 'plan'),
      AWS_PROFILE: null,
    });
  });

  it("keeps the bot's own secrets, settings and AWS credentials out of the build's environment", async () => {
    // Prepare
    const secrets = {
      SLACK_SIGNING_SECRET: 'signing-secret',
      SLACK_BOT_TOKEN: 'xoxb-bot-token',
      SLACK_APP_TOKEN: 'xapp-app-token',
      GITHUB_TOKEN: 'ghp_bot-token',
      GITHUB_APP_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----',
      GITHUB_WEBHOOK_SECRET: 'webhook-secret',
      INFRABOT_STATE: '/var/lib/infrabot/state.db',
      INFRABOT_CONFIG: '/etc/infrabot.yaml',
      AWS_ACCESS_KEY_ID: 'AKIABOT',
      // The operator cannot hand the bot's secrets to builds either.
      INFRABOT_BUILD_ENV: 'STANDIN_*,SLACK_*,GITHUB_TOKEN',
    };
    harness = createHarness({ env: secrets });

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-plan-env', sha: harness.repos.firstSha }));
    await harness.finished('j-plan-env');

    // Assess
    const calls = readCalls(harness.record);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls.filter((entry) => entry.event === 'start')) {
      expect(call.env).toMatchObject({ BOT_SECRETS_SEEN: '', TF_IN_AUTOMATION: '1', HAS_AWS_ACCESS_KEY_ID: false });
    }
  });

  it('keeps the saved plans and worktrees, which hold secret values, readable by this user only', async () => {
    // Prepare
    harness = createHarness();

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-plan-mode', sha: harness.repos.firstSha }));
    await harness.finished('j-plan-mode');

    // Assess
    for (const dir of ['jobs', 'worktrees']) {
      expect(statSync(join(harness.stateDir, dir)).mode & 0o077).toBe(0);
    }
  });

  it('keeps plan.json, plan.txt, tfplan and the log in the job directory and removes the worktree once reported', async () => {
    // Prepare
    harness = createHarness();
    const sha = harness.repos.firstSha;

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-plan-2', sha }));
    await harness.finished('j-plan-2');

    // Assess
    expect(JSON.parse(harness.artifact('j-plan-2', 'plan.json') ?? '')).toEqual({
      format_version: '1.2',
      resource_changes: [],
    });
    expect(harness.artifact('j-plan-2', 'plan.txt')).toContain('(stand-in)');
    expect(harness.artifact('j-plan-2', 'tfplan')).toContain('stand-in plan');
    expect(harness.artifact('j-plan-2', 'log.txt')).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    await waitFor(() => !existsSync(join(harness?.stateDir ?? '', 'worktrees', 'j-plan-2')));
    expect(git(harness.repos.clone, 'worktree', 'list').split('\n')).toHaveLength(1);
  });

  it('fails the build when init fails, names the step and does not plan', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_EXIT_INIT: '1' } });

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-init-fails', sha: harness.repos.firstSha }));
    const outcome = await harness.finished('j-init-fails');

    // Assess
    expect(outcome.result).toBe('failed');
    expect(outcome.detail).toMatch(/^build step failed with exit code 1: .*init -input=false/);
    expect(readCalls(harness.record).map((call) => call.args[1])).toEqual(['init']);
    expect(harness.artifact('j-init-fails', 'log.txt')).toContain('Error: stand-in init failed');
  });

  it('treats plan exit code 0 (no changes) as success', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_EXIT_PLAN: '0' } });

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-no-changes', sha: harness.repos.firstSha }));

    // Assess
    expect((await harness.finished('j-no-changes')).result).toBe('succeeded');
    expect(harness.artifact('j-no-changes', 'log.txt')).toContain('terraform plan exited with 0');
  });

  it('treats plan exit code 1 as a failure and writes no plan files', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_EXIT_PLAN: '1' } });

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-plan-error', sha: harness.repos.firstSha }));
    const outcome = await harness.finished('j-plan-error');

    // Assess
    expect(outcome.result).toBe('failed');
    expect(outcome.detail).toContain('exit code 1');
    expect(harness.artifact('j-plan-error', 'plan.json')).toBeUndefined();
  });

  it('reports a missing terraform binary as a failed build', async () => {
    // Prepare
    harness = createHarness({ path: '/usr/bin:/bin' });

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-no-terraform', sha: harness.repos.firstSha }));
    const outcome = await harness.finished('j-no-terraform');

    // Assess
    expect(outcome).toMatchObject({ result: 'failed', detail: 'terraform not found on PATH' });
    expect(harness.artifact('j-no-terraform', 'log.txt')).toContain('failed: terraform not found on PATH');
  });

  it('stops a build that runs past its timeout and reports timed_out', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '30' } });
    const started = Date.now();

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-slow', sha: harness.repos.firstSha }, { timeoutMs: 1500 }));
    const outcome = await harness.finished('j-slow');

    // Assess
    expect(outcome).toMatchObject({ result: 'timed_out', detail: 'the build ran longer than its timeout of 1500 ms' });
    expect(Date.now() - started).toBeLessThan(10_000);
    await waitFor(() => !existsSync(join(harness?.stateDir ?? '', 'worktrees', 'j-slow')));
    expect(await harness.runner.status(outcome.buildId)).toEqual({ state: 'finished', result: 'timed_out' });
  });

  it('stops a running build when cancelled and reports stopped', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '30' } });
    const ref = await harness.runner.start(runSpec(net, { id: 'j-cancel', sha: harness.repos.firstSha }));
    const record = harness.record;
    await waitForPlan(record);

    // Act
    await harness.runner.cancel(ref.id, 'cancelled by <@U1>');
    const outcome = await harness.finished('j-cancel');

    // Assess
    expect(outcome).toMatchObject({ result: 'stopped', detail: 'cancelled by <@U1>' });
    expect(readCalls(record).map((call) => call.args[1])).toEqual(['init', 'plan']);
  });

  it('stops a running plan on shutdown and reports why', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '30' } });
    await harness.runner.start(runSpec(net, { id: 'j-shutdown', sha: harness.repos.firstSha }));
    await waitForPlan(harness.record);

    // Act
    await harness.runner.shutdown();

    // Assess
    expect(await harness.finished('j-shutdown')).toMatchObject({
      result: 'stopped',
      detail: 'infrabot was shutting down; plan again',
    });
  });

  it('reports running while a build runs and its result afterwards', async () => {
    // Prepare
    harness = createHarness({ env: { STANDIN_SLEEP_PLAN: '1' } });
    const ref = await harness.runner.start(runSpec(net, { id: 'j-status', sha: harness.repos.firstSha }));

    // Act
    const during = await harness.runner.status(ref.id);
    await harness.finished('j-status');
    const after = await harness.runner.status(ref.id);

    // Assess
    expect(during).toEqual({ state: 'running' });
    expect(after).toEqual({ state: 'finished', result: 'succeeded' });
  });

  it('starts one build when the same job is started twice', async () => {
    // Prepare
    harness = createHarness();
    const spec = runSpec(net, { id: 'j-twice', sha: harness.repos.firstSha });

    // Act
    const first = await harness.runner.start(spec);
    const second = await harness.runner.start(spec);
    await harness.finished('j-twice');

    // Assess
    expect(second).toEqual(first);
    expect(readCalls(harness.record).filter((call) => call.args[1] === 'plan')).toHaveLength(1);
    expect(harness.outcomes).toHaveLength(1);
  });

  it('fetches a commit the clone does not have yet from its remote', async () => {
    // Prepare
    harness = createHarness();
    const newer = commitFiles(harness.repos.upstream, { 'stacks/net/extra.tf': 'locals {}\n' });

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-fetch', sha: newer }));

    // Assess
    expect((await harness.finished('j-fetch')).result).toBe('succeeded');
    expect(harness.artifact('j-fetch', 'plan.txt')).toContain('(stand-in)');
  });

  it('fails clearly for a commit that exists neither in the clone nor its remote', async () => {
    // Prepare
    harness = createHarness();
    const missing = 'f'.repeat(40);

    // Act
    await harness.runner.start(runSpec(net, { id: 'j-missing', sha: missing }));
    const outcome = await harness.finished('j-missing');

    // Assess
    expect(outcome).toMatchObject({
      result: 'failed',
      detail: `commit ${missing} was not found in the repository or its remote "origin"`,
    });
  });

  it('fails clearly when the stack directory does not exist at the commit', async () => {
    // Prepare
    harness = createHarness();
    const gone = stack({ name: 'aws/prod/gone', dir: 'stacks/gone' });

    // Act
    await harness.runner.start(runSpec(gone, { id: 'j-no-dir', sha: harness.repos.firstSha }));

    // Assess
    expect((await harness.finished('j-no-dir')).detail).toBe(
      `the stack directory "stacks/gone" does not exist at ${harness.repos.firstSha}`,
    );
  });
});

async function waitForPlan(record: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!readCalls(record).some((call) => call.args[1] === 'plan')) {
    if (Date.now() > deadline) throw new Error('the plan never started');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
