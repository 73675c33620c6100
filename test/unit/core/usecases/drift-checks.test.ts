import { describe, expect, it } from 'vitest';
import { CompositeReporter } from '../../../../core/reporting/composite-reporter';
import { DriftReporter } from '../../../../core/reporting/drift-reporter';
import { completeJob } from '../../../../core/usecases/complete-job';
import { DriftIssues } from '../../../../core/usecases/drift-issues';
import type { DriftDeps } from '../../../../core/usecases/record-drift-check';
import { requestDriftCheck, snoozeDrift } from '../../../../core/usecases/request-drift-check';
import { driftSchedule, driftStacks, startDriftRun } from '../../../../core/usecases/start-drift-checks';
import { FakeIssueTracker } from '../../../fakes/fake-issue-tracker';
import { RecordingChat } from '../../../fakes/fake-ports';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { awsStack, testConfig } from '../../../fixtures/config';
import { inSyncPlan, sshOpenedPlan } from '../../../fixtures/drift-plans';

const channel = 'C0DRIFT';

/** A world with drift configured, whose drift checks report to a recording chat and a fake issue tracker. */
function driftWorld(options: { stacks?: number; concurrency?: number; issues?: boolean } = {}) {
  const stacks = Array.from({ length: options.stacks ?? 2 }, (_, i) =>
    awsStack(`aws/app-${i}`, { appliers: ['UAPPLIER'], planners: ['UPLANNER', 'UAPPLIER'] }),
  );
  const config = testConfig({
    stacks,
    drift: { channel, concurrency: options.concurrency ?? 4, github: { issues: options.issues ?? false } },
  });
  const world = useCaseWorld(config);
  const chat = new RecordingChat();
  const tracker = new FakeIssueTracker();
  const deps: DriftDeps = {
    ...world.requestDeps,
    chat,
    ...(options.issues ? { issues: new DriftIssues(tracker) } : {}),
  };
  const reporter = new CompositeReporter([world.reporter, new DriftReporter(() => deps)], (_, error) => {
    throw error;
  });
  world.dispatchDeps.reporter = reporter;
  world.completionDeps.reporter = reporter;
  /** Ends the build of a drift check with this plan. */
  const finish = async (stack: string, plan: unknown) => {
    const status = await world.store.getDriftStatus(stack);
    const jobId = status?.jobId ?? '';
    await world.artifacts.put(jobId, 'plan.json', JSON.stringify(plan));
    await world.artifacts.put(jobId, 'tfplan', 'saved plan');
    world.clock.advance(60_000);
    return completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, world.completionDeps);
  };
  const posted = () => [...chat.messages.values()].map((message) => message.text);
  return { ...world, chat, tracker, deps, finish, posted };
}

const planner = { source: 'slack' as const, id: 'UPLANNER' };
const applier = { source: 'slack' as const, id: 'UAPPLIER' };

describe('drift checks', () => {
  it('announces new drift once, stays silent while it lasts, and announces the return to sync once', async () => {
    const world = driftWorld();

    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', inSyncPlan);

    expect(world.posted()).toEqual(['Drift in aws/app-0', 'aws/app-0 is back in sync']);
    const [first] = world.chat.messages.values();
    expect(JSON.stringify(first?.blocks)).toContain('aws_security_group.web');
    expect(JSON.stringify(first?.blocks)).toContain('ingress');
  });

  it('runs a drift check as a plan of the default branch head under the plan role, with its own kind', async () => {
    const world = driftWorld();

    await requestDriftCheck('aws/app-1', planner, world.requestDeps);

    const [spec] = world.runner.started;
    expect(spec?.job).toMatchObject({ action: 'plan', kind: 'drift', stack: 'aws/app-1', ref: 'main' });
    expect(spec?.roleArn).toBe('arn:aws:iam::123456789012:role/infrabot-plan');
  });

  it('starts at most drift.concurrency checks of a scheduled run, and the next as each one ends', async () => {
    const world = driftWorld({ stacks: 5, concurrency: 2 });

    const start = await startDriftRun(world.clock.now(), driftStacks(world.config), driftSchedule, world.requestDeps);
    expect(start).toMatchObject({ started: ['aws/app-0', 'aws/app-1'], waiting: 3 });
    await world.finish('aws/app-0', inSyncPlan);

    expect(world.runner.started.map((spec) => spec.job.stack)).toEqual(['aws/app-0', 'aws/app-1', 'aws/app-2']);
  });

  it('runs a scheduled time once, however often it is seen', async () => {
    const world = driftWorld();
    const at = world.clock.now();

    await startDriftRun(at, driftStacks(world.config), driftSchedule, world.requestDeps);
    const again = await startDriftRun(at, driftStacks(world.config), driftSchedule, world.requestDeps);

    expect(again).toBeUndefined();
    expect(world.runner.started).toHaveLength(2);
  });

  it('skips a stack someone holds the lock of, says so in its status, and starts no build for it', async () => {
    const world = driftWorld();
    await world.store.acquireLock(
      { stack: 'aws/app-0', owner: { kind: 'pr', pr: 12 }, jobId: 'j-x', heldBy: 'octocat', ttlMs: 3_600_000 },
      world.clock.now(),
    );

    const start = await startDriftRun(world.clock.now(), driftStacks(world.config), driftSchedule, world.requestDeps);

    expect(start).toMatchObject({ started: ['aws/app-1'], skipped: ['aws/app-0'] });
    expect((await world.store.getDriftStatus('aws/app-0'))?.state).toEqual({
      kind: 'skipped',
      reason: 'locked by PR #12 (octocat)',
    });
    expect(world.posted()).toEqual([]);
  });

  it('leaves out a stack with drift: false', async () => {
    const config = testConfig({
      stacks: [awsStack('aws/kept'), awsStack('aws/left-out', { drift: false })],
      drift: { channel },
    });

    expect(driftStacks(config).map((stack) => stack.name)).toEqual(['aws/kept']);
  });

  it('refuses a check by someone who may not plan the stack', async () => {
    const world = driftWorld();

    const outcome = await requestDriftCheck('aws/app-0', { source: 'slack', id: 'UOTHER' }, world.requestDeps);

    expect(outcome).toMatchObject({ ok: false, reason: 'not_authorized' });
    expect(world.runner.started).toEqual([]);
  });

  it('reports a failing check once, with its log link', async () => {
    const world = driftWorld();
    for (let round = 0; round < 2; round += 1) {
      await requestDriftCheck('aws/app-0', planner, world.requestDeps);
      const jobId = (await world.store.getDriftStatus('aws/app-0'))?.jobId ?? '';
      await completeJob(
        { jobId, buildId: 'b', result: 'failed', logUrl: 'https://logs.example/x' },
        world.completionDeps,
      );
    }

    expect(world.posted()).toEqual(['Drift check of aws/app-0 failed']);
    expect(JSON.stringify([...world.chat.messages.values()][0]?.blocks)).toContain('https://logs.example/x');
  });

  it('keeps a snoozed drift silent after the stack went back in sync and drifted the same way again', async () => {
    const world = driftWorld();
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());
    const status = await world.store.getDriftStatus('aws/app-0');
    const fingerprint = status?.state?.kind === 'drifted' ? status.state.fingerprint : '';

    expect(await snoozeDrift('aws/app-0', fingerprint, applier, world.requestDeps)).toMatchObject({ ok: true });
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', inSyncPlan);
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan(['aws_instance.bastion']));

    expect(world.posted()).toEqual(['Drift in aws/app-0', 'aws/app-0 is back in sync', 'Drift in aws/app-0']);
  });

  it('refuses Snooze to a planner who is not an applier, and keeps announcing the drift', async () => {
    const world = driftWorld();
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());
    const status = await world.store.getDriftStatus('aws/app-0');
    const fingerprint = status?.state?.kind === 'drifted' ? status.state.fingerprint : '';

    const snoozed = await snoozeDrift('aws/app-0', fingerprint, planner, world.requestDeps);

    expect(snoozed).toMatchObject({ ok: false, reason: 'not_authorized' });
    expect((await world.store.getDriftStatus('aws/app-0'))?.snoozed).toBeUndefined();
  });

  it('opens one GitHub issue per drifted stack, updates it when the drift changes and closes it on sync', async () => {
    const world = driftWorld({ issues: true });

    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan(['aws_instance.bastion']));
    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', inSyncPlan);

    expect(world.tracker.calls).toEqual(['find Drift: aws/app-0', 'open 1', 'update 1', 'close 1']);
    expect(world.tracker.issues.get(1)).toMatchObject({
      title: 'Drift: aws/app-0',
      label: 'infrabot:drift',
      open: false,
    });
    expect(world.tracker.issues.get(1)?.body).toContain('aws_instance.bastion');
  });

  it('reuses the open issue of a stack instead of opening a second', async () => {
    const world = driftWorld({ issues: true });
    await world.tracker.openIssue({ title: 'Drift: aws/app-0', body: 'old', label: 'infrabot:drift' });

    await requestDriftCheck('aws/app-0', planner, world.requestDeps);
    await world.finish('aws/app-0', sshOpenedPlan());

    expect([...world.tracker.issues.keys()]).toEqual([1]);
    expect(world.tracker.issues.get(1)?.body).toContain('aws_security_group.web');
  });
});
