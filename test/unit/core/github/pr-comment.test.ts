import { describe, expect, it } from 'vitest';
import type { Requirement } from '../../../../core/config/schema';
import { checkPrRequirements } from '../../../../core/github/pr-apply';
import { handlePrComment } from '../../../../core/github/pr-comment';
import { githubWorld, risky } from '../../../fakes/github-world';
import { nextSha } from '../../../fixtures/config';

const network = 'aws/prod/network';
const dns = 'aws/prod/dns';

function prepare() {
  const world = githubWorld();
  world.pullRequests.addPull(7, nextSha);
  world.pullRequests.files.set(7, ['stacks/aws/prod/network/main.tf', 'stacks/aws/prod/dns/records.tf', 'README.md']);
  world.pullRequests.permissions.set('alice', 'write');
  world.pullRequests.permissions.set('bob', 'write');
  world.pullRequests.permissions.set('eve', 'read');
  return world;
}

const comment = (body: string, login = 'alice', pr = 7) => ({
  pr,
  commentId: 99,
  login,
  body,
  writtenAt: '2026-11-01T12:00:00.000Z',
});

describe('handlePrComment', () => {
  it('leaves comments that are not commands alone', async () => {
    const world = prepare();

    const outcome = await handlePrComment(comment('looks good to me'), world.deps);

    expect(outcome).toEqual({ handled: false });
    expect(world.pullRequests.acknowledged).toEqual([]);
    expect(world.pullRequests.replies).toEqual([]);
  });

  it('plans every affected stack at the head, reacts with eyes, and the PR takes the locks', async () => {
    const world = prepare();

    await handlePrComment(comment('/tf plan'), world.deps);

    expect(world.pullRequests.acknowledged).toEqual([99]);
    expect(world.runner.started.map((spec) => [spec.job.stack, spec.job.sha, spec.job.pr])).toEqual([
      [dns, nextSha, 7],
      [network, nextSha, 7],
    ]);
    expect((await world.store.getLock(network, world.clock.now()))?.owner).toEqual({ kind: 'pr', pr: 7 });
    expect(world.pullRequests.replies[0]?.body).toMatch(
      /✅ `aws\/prod\/dns`: plan j-\S+ queued\n- ✅ `aws\/prod\/network`/,
    );
  });

  it('refuses users without write permission and says why', async () => {
    const world = prepare();

    await handlePrComment(comment('/tf plan', 'eve'), world.deps);

    expect(world.pullRequests.acknowledged).toEqual([99]);
    expect(world.runner.started).toEqual([]);
    expect(world.pullRequests.replies[0]?.body).toContain('@eve has only read permission on example-org/infra');
    expect(world.store.audit.at(-1)).toMatchObject({ outcome: 'refused', action: 'tf.plan' });
  });

  it('tells another PR who holds the stack', async () => {
    const world = prepare();
    world.pullRequests.addPull(8, nextSha);
    await handlePrComment(comment(`/tf plan ${network}`), world.deps);

    await handlePrComment(comment(`/tf plan ${network}`, 'bob', 8), world.deps);

    expect(world.runner.started).toHaveLength(1);
    expect(world.pullRequests.replies[1]?.body).toContain(`⛔ \`${network}\`: ${network} is locked by PR #7 (alice)`);
  });

  it('answers an unknown command or stack with the usage or the closest names', async () => {
    const world = prepare();

    await handlePrComment(comment('/tf destroy'), world.deps);
    await handlePrComment(comment('/tf plan aws/prod/netwrk'), world.deps);

    expect(world.pullRequests.replies[0]?.body).toContain('"destroy" is not a command');
    expect(world.pullRequests.replies[0]?.body).toContain('/tf apply [stack…]');
    expect(world.pullRequests.replies[1]?.body).toContain(
      'unknown stack "aws/prod/netwrk". Did you mean "aws/prod/network"?',
    );
  });

  it('says so when the PR changes no stack', async () => {
    const world = prepare();
    world.pullRequests.files.set(7, ['README.md']);

    await handlePrComment(comment('/tf plan'), world.deps);

    expect(world.pullRequests.replies[0]?.body).toContain('this PR changes no stack');
  });

  it('refuses an apply naming every unmet requirement', async () => {
    const world = prepare();
    const requirements: Requirement[] = ['approved', 'mergeable'];
    const stacks = world.config.stacks.map((stack) => ({ ...stack, requirements }));
    const deps = { ...world.deps, config: { ...world.config, stacks } };
    world.pullRequests.addPull(7, nextSha, { mergeableState: 'blocked' });

    await handlePrComment(comment(`/tf apply ${network}`), deps);

    const reply = world.pullRequests.replies[0]?.body ?? '';
    expect(reply).toContain('there is no plan of this stack for the PR yet');
    expect(reply).toContain('an approving review by someone other than @alice');
    expect(reply).toContain('"blocked"');
    expect(world.runner.started).toEqual([]);
  });

  it('applies the plan made at the head once the requirements are met', async () => {
    const world = prepare();
    world.pullRequests.reviews.set(7, [{ login: 'bob', state: 'APPROVED', commitSha: nextSha }]);
    await handlePrComment(comment(`/tf plan ${network}`), world.deps);
    const plan = world.runner.started[0]?.job;
    await world.finishPlan(plan?.id ?? '');

    await handlePrComment(comment(`/tf apply ${network}`), world.deps);

    const apply = world.runner.started[1]?.job;
    expect(apply).toMatchObject({ action: 'apply', stack: network, sha: nextSha, planJobId: plan?.id, pr: 7 });
    expect(world.pullRequests.replies[1]?.body).toContain(`apply ${apply?.id} queued`);
  });

  it("applies the PR's latest plan even when someone else made it: the PR is where plans are reviewed", async () => {
    const world = prepare();
    await handlePrComment(comment(`/tf plan ${network}`, 'bob'), world.deps);
    const plan = world.runner.started[0]?.job;
    await world.finishPlan(plan?.id ?? '');

    await handlePrComment(comment(`/tf apply ${network}`, 'alice'), world.deps);

    expect(world.runner.started[1]?.job).toMatchObject({
      action: 'apply',
      planJobId: plan?.id,
      requestedBy: { source: 'github', id: 'alice' },
    });
  });

  it('does not count an approval by someone without write permission', async () => {
    const world = prepare();
    const stacks = world.config.stacks.map((stack) => ({ ...stack, requirements: ['approved' as const] }));
    const deps = { ...world.deps, config: { ...world.config, stacks } };
    world.pullRequests.reviews.set(7, [
      { login: 'eve', state: 'APPROVED', commitSha: nextSha },
      { login: 'sockpuppet', state: 'APPROVED', commitSha: nextSha },
    ]);
    await handlePrComment(comment(`/tf plan ${network}`), deps);
    await world.finishPlan(world.runner.started[0]?.job.id ?? '');

    await handlePrComment(comment(`/tf apply ${network}`), deps);
    const fromSlack = await checkPrRequirements(
      { pr: 7, stack: deps.config.stacks[0] as (typeof stacks)[number], applier: '' },
      deps,
    );

    expect(world.pullRequests.replies[1]?.body).toContain('an approving review by someone other than @alice');
    expect(world.runner.started).toHaveLength(1);
    expect(!fromSlack.ok && fromSlack.reasons.map((reason) => reason.requirement)).toEqual(['approved']);
  });

  it('applies a plan with risk flags only with risk.approvals approving reviews of the head by appliers other than the applier', async () => {
    const world = prepare();
    world.pullRequests.permissions.set('carol', 'write');
    world.pullRequests.reviews.set(7, [
      { login: 'alice', state: 'APPROVED', commitSha: nextSha },
      { login: 'bob', state: 'APPROVED', commitSha: nextSha },
      { login: 'eve', state: 'APPROVED', commitSha: nextSha },
    ]);
    await handlePrComment(comment(`/tf plan ${network}`), world.deps);
    await world.finishPlan(world.runner.started[0]?.job.id ?? '', risky());

    await handlePrComment(comment(`/tf apply ${network}`), world.deps);
    world.pullRequests.reviews.get(7)?.push({ login: 'carol', state: 'APPROVED', commitSha: nextSha });
    await handlePrComment(comment(`/tf apply ${network}`), world.deps);

    expect(world.pullRequests.replies[1]?.body).toContain(
      `the plan has a risk flag, so it needs 2 approving reviews of the head commit ${nextSha.slice(0, 7)} by people who may apply aws/prod/network, other than @alice; it has 1`,
    );
    expect(world.runner.started).toHaveLength(2);
    expect(world.runner.started[1]?.job).toMatchObject({ action: 'apply', stack: network });
  });

  it('narrows applying to the stack’s GitHub appliers', async () => {
    const world = prepare();
    const stacks = world.config.stacks.map((s) => ({ ...s, githubAppliers: ['example-org/sre'] }));
    const deps = { ...world.deps, config: { ...world.config, stacks } };
    world.pullRequests.teams.set('example-org/sre', ['bob']);

    await handlePrComment(comment(`/tf apply ${network}`), deps);

    expect(world.pullRequests.replies[0]?.body).toContain(
      '@alice may not apply aws/prod/network: only @example-org/sre may',
    );
  });

  it('unlocks the stacks the PR holds, but not those of others', async () => {
    const world = prepare();
    world.pullRequests.addPull(8, nextSha);
    await handlePrComment(comment(`/tf plan ${network}`), world.deps);
    await handlePrComment(comment(`/tf plan ${dns}`, 'bob', 8), world.deps);
    for (const spec of world.runner.started) await world.finishPlan(spec.job.id);

    await handlePrComment(comment(`/tf unlock ${network} ${dns}`), world.deps);

    expect(await world.store.getLock(network, world.clock.now())).toBeUndefined();
    expect((await world.store.getLock(dns, world.clock.now()))?.owner).toEqual({ kind: 'pr', pr: 8 });
    expect(world.pullRequests.replies[2]?.body).toContain(`✅ \`${network}\`: unlocked`);
    expect(world.pullRequests.replies[2]?.body).toContain(`⛔ \`${dns}\`: is locked by PR #8 (bob), not by this PR`);
  });
});

describe('checkPrRequirements', () => {
  it('checks a PR plan applied from Slack against the stack’s requirements', async () => {
    const world = prepare();
    const stack = {
      ...(world.config.stacks[0] as (typeof world.config.stacks)[number]),
      requirements: ['approved' as const],
    };

    const unmet = await checkPrRequirements({ pr: 7, stack, applier: '' }, world.deps);
    world.pullRequests.reviews.set(7, [{ login: 'bob', state: 'APPROVED', commitSha: nextSha }]);
    await handlePrComment(comment(`/tf plan ${network}`), world.deps);
    await world.finishPlan(world.runner.started[0]?.job.id ?? '');
    const met = await checkPrRequirements({ pr: 7, stack, applier: '' }, world.deps);
    const missing = await checkPrRequirements({ pr: 99, stack, applier: '' }, world.deps);

    expect(!unmet.ok && unmet.reasons.map((reason) => reason.requirement)).toEqual(['plan', 'approved']);
    expect(met).toEqual({ ok: true });
    expect(missing).toEqual({ ok: false, reasons: [{ requirement: 'open', message: 'PR #99 was not found' }] });
  });
});
