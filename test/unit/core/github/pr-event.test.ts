import { describe, expect, it } from 'vitest';
import { requestActionsPlan } from '../../../../core/github/actions-plan';
import { handlePrEvent } from '../../../../core/github/pr-event';
import { githubWorld } from '../../../fakes/github-world';
import { mainSha, nextSha, testConfig } from '../../../fixtures/config';

const network = 'aws/prod/network';

function prepare(autoplan: boolean) {
  const world = githubWorld(testConfig({ github: { autoplan } }));
  world.pullRequests.addPull(7, nextSha);
  world.pullRequests.files.set(7, ['stacks/aws/prod/network/main.tf']);
  world.pullRequests.permissions.set('alice', 'write');
  return world;
}

const event = (action: string, pr = 7) => ({ action, pr, headSha: nextSha, login: 'alice' });

describe('handlePrEvent', () => {
  it.each(['opened', 'synchronize', 'reopened'])(
    'plans the affected stacks when a PR is %s and autoplan is on',
    async (action) => {
      const world = prepare(true);

      const outcome = await handlePrEvent(event(action), world.deps);

      expect(outcome.kind).toBe('autoplanned');
      expect(world.runner.started.map((spec) => [spec.job.stack, spec.job.sha, spec.job.requestedBy.id])).toEqual([
        [network, nextSha, 'alice'],
      ]);
      expect(world.pullRequests.replies).toEqual([]);
    },
  );

  it.each(['none', 'read', 'triage'] as const)(
    'does not autoplan code pushed by someone with %s permission (a fork PR) and says how to plan it',
    async (permission) => {
      const world = prepare(true);
      world.pullRequests.permissions.set('mallory', permission);

      const outcome = await handlePrEvent({ ...event('synchronize'), login: 'mallory' }, world.deps);

      expect(outcome).toEqual({ kind: 'ignored' });
      expect(world.runner.started).toEqual([]);
      expect(world.pullRequests.replies).toEqual([
        { pr: 7, body: expect.stringContaining('someone with write permission can comment `/tf plan`') },
      ]);
    },
  );

  it('does nothing on a push when autoplan is off', async () => {
    const world = prepare(false);

    expect(await handlePrEvent(event('synchronize'), world.deps)).toEqual({ kind: 'ignored' });
    expect(world.runner.started).toEqual([]);
  });

  it('tells the PR who holds a stack it could not autoplan', async () => {
    const world = prepare(true);
    world.pullRequests.addPull(8, nextSha);
    world.pullRequests.files.set(8, ['stacks/aws/prod/network/vars.tf']);
    await handlePrEvent(event('opened', 7), world.deps);

    await handlePrEvent(event('opened', 8), world.deps);

    expect(world.pullRequests.replies).toEqual([{ pr: 8, body: expect.stringContaining('locked by PR #7 (alice') }]);
  });

  it('releases the PR’s locks when it closes, and only its own', async () => {
    const world = prepare(true);
    world.pullRequests.addPull(8, nextSha);
    world.pullRequests.files.set(8, ['stacks/aws/prod/dns/main.tf']);
    await handlePrEvent(event('opened', 7), world.deps);
    await handlePrEvent(event('opened', 8), world.deps);
    for (const spec of world.runner.started) await world.finishPlan(spec.job.id);

    const outcome = await handlePrEvent(event('closed', 7), world.deps);

    expect(outcome).toEqual({ kind: 'released', stacks: [network], applying: [] });
    expect(await world.store.getLock(network, world.clock.now())).toBeUndefined();
    expect((await world.store.getLock('aws/prod/dns', world.clock.now()))?.owner).toEqual({ kind: 'pr', pr: 8 });
    expect(world.pullRequests.replies.at(-1)).toEqual({
      pr: 7,
      body: expect.stringContaining('released the locks on `aws/prod/network`'),
    });
  });

  it('keeps a stack locked to a job still running when its PR closes, until the job ends', async () => {
    const world = prepare(true);
    world.pullRequests.addPull(8, nextSha);
    world.pullRequests.files.set(8, ['stacks/aws/prod/network/vars.tf']);
    await handlePrEvent(event('opened', 7), world.deps);
    const running = world.runner.started[0]?.job.id ?? '';

    const closed = await handlePrEvent(event('closed', 7), world.deps);
    await handlePrEvent(event('opened', 8), world.deps);
    const whileRunning = await world.store.getLock(network, world.clock.now());
    await world.finishPlan(running);

    expect(closed).toEqual({ kind: 'released', stacks: [network], applying: [] });
    expect(world.runner.started).toHaveLength(1);
    expect(whileRunning).toMatchObject({ owner: { kind: 'job', jobId: running }, activeJobId: running });
    expect(await world.store.getLock(network, world.clock.now())).toBeUndefined();
  });
});

describe('requestActionsPlan', () => {
  it('plans the named or affected stacks at the PR head for the workflow', async () => {
    const world = prepare(false);

    const outcome = await requestActionsPlan(
      { pr: 7, sha: nextSha, workflow: 'example-org/infra/.github/workflows/plan.yml@refs/heads/main' },
      world.deps,
    );

    expect(outcome.ok && outcome.results.map((result) => [result.stack, result.ok])).toEqual([[network, true]]);
    expect(world.runner.started[0]?.job.requestedBy).toEqual({
      source: 'actions',
      id: 'example-org/infra/.github/workflows/plan.yml@refs/heads/main',
    });
  });

  it("refuses a fork's PR, naming the writer's /tf plan comment as the way to plan it, and plans nothing", async () => {
    const world = prepare(false);
    world.pullRequests.addPull(11, nextSha, { fromFork: true });
    world.pullRequests.files.set(11, ['stacks/aws/prod/network/main.tf']);

    const outcome = await requestActionsPlan({ pr: 11, sha: nextSha, workflow: 'w' }, world.deps);

    expect(outcome).toMatchObject({ ok: false, reason: 'fork_pr', message: expect.stringContaining('`/tf plan`') });
    expect(world.runner.started).toEqual([]);
  });

  it('refuses a commit that is not the PR head, and a closed or missing PR', async () => {
    const world = prepare(false);
    world.pullRequests.addPull(9, nextSha, { state: 'closed' });

    expect(await requestActionsPlan({ pr: 7, sha: mainSha, workflow: 'w' }, world.deps)).toEqual({
      ok: false,
      reason: 'not_head',
      message: 'aaaaaaa is not the head of PR #7 (the head is bbbbbbb)',
    });
    expect(await requestActionsPlan({ pr: 9, sha: nextSha, workflow: 'w' }, world.deps)).toMatchObject({
      reason: 'pr_closed',
    });
    expect(await requestActionsPlan({ pr: 10, sha: nextSha, workflow: 'w' }, world.deps)).toMatchObject({
      reason: 'pr_not_found',
    });
    expect(world.runner.started).toEqual([]);
  });
});
