import { afterEach, describe, expect, it } from 'vitest';
import { stackMarker } from '../../../../core/github/markers';
import { awsStack, testConfig } from '../../../fixtures/config';
import { eventually } from '../../../support/route-server';
import { prCommentPayload, webhookWorld } from '../../../support/webhook-world';

const headSha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
/** `app` reads `network`'s outputs; both change in PR 1 of the examples' repository. */
const config = testConfig({
  repository: 'Codertocat/Hello-World',
  stacks: [awsStack('network'), awsStack('app', { dependsOn: ['network'] })],
});
const appChange = { 'terraform_data.app': ['create'] };
const networkChange = { 'terraform_data.vpc': ['create'] };

describe('applying a PR whose stacks depend on each other', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** PR 1 touches both stacks, both planned with changes; then `/tf apply` is commented. */
  async function plannedAndApplied() {
    const world = await webhookWorld(config);
    stops.push(world.stop);
    world.pullRequests.addPull(1, headSha);
    world.pullRequests.files.set(1, ['stacks/network/main.tf', 'stacks/app/main.tf']);
    world.pullRequests.permissions.set('Codertocat', 'admin');
    await world.deliver('issue_comment', prCommentPayload('/tf plan'));
    await eventually(() => expect(world.runner.started).toHaveLength(2));
    await world.endBuild('network', 'succeeded', networkChange);
    await world.endBuild('app', 'succeeded', appChange);
    await world.deliver('issue_comment', prCommentPayload('/tf apply'));
    await eventually(() => expect(world.pullRequests.replies).toHaveLength(2));
    return world;
  }

  const started = (world: Awaited<ReturnType<typeof plannedAndApplied>>) =>
    world.runner.started.slice(2).map((spec) => `${spec.job.action} ${spec.job.stack}`);

  it('applies network first and leaves app waiting, saying so in the reply', async () => {
    const world = await plannedAndApplied();

    expect(started(world)).toEqual(['apply network']);
    const reply = world.pullRequests.replies[1]?.body ?? '';
    expect(reply).toMatch(/✅ `network`: apply j-\S+ queued/);
    expect(reply).toMatch(/✅ `app`: apply j-\S+ waits for `network`, then plans again/);
    const [app] = await world.store.listJobs({ stack: 'app', action: 'apply', limit: 1 });
    expect(app?.status).toBe('waiting');
  });

  it("says in app's plan comment that network's changes are not applied yet, until they are", async () => {
    const world = await plannedAndApplied();
    const appPlan = () =>
      (world.pullRequests.comments.get(1) ?? []).filter((c) => c.marker === stackMarker('app')).at(-1)?.body ?? '';
    await eventually(() => expect(appPlan()).toContain('⏳ `network`, which `app` depends on, has planned changes'));

    await world.endBuild('network', 'succeeded');
    await world.endBuild('app', 'succeeded', appChange);

    await eventually(() => expect(world.reporter.finished.at(-1)?.job).toMatchObject({ action: 'plan', stack: 'app' }));
    await eventually(() => expect(appPlan()).not.toContain('depends on'));
    expect(appPlan()).toContain('terraform_data.app');
  });

  it('plans app again once network is applied, then applies that new plan', async () => {
    const world = await plannedAndApplied();

    await world.endBuild('network', 'succeeded');
    expect(started(world)).toEqual(['apply network', 'plan app']);
    await world.endBuild('app', 'succeeded', appChange);

    expect(started(world)).toEqual(['apply network', 'plan app', 'apply app']);
    const newPlan = world.runner.started[3]?.job;
    expect(world.runner.started[4]?.job).toMatchObject({ planJobId: newPlan?.id, sha: headSha, pr: 1 });
    await world.endBuild('app', 'succeeded');
    const [app] = await world.store.listJobs({ stack: 'app', action: 'apply', limit: 1 });
    expect(app?.status).toBe('succeeded');
    expect(world.errors).toEqual([]);
  });

  it('never starts app when network fails, and says app was not applied because of network', async () => {
    const world = await plannedAndApplied();

    await world.endBuild('network', 'failed');

    expect(started(world)).toEqual(['apply network']);
    const [app] = await world.store.listJobs({ stack: 'app', action: 'apply', limit: 1 });
    expect(app).toMatchObject({ status: 'cancelled' });
    expect(app?.reason).toMatch(/^not applied: app depends on network, and its apply j-\S+ failed: the build failed$/);
    expect(world.reporter.finished.map((end) => `${end.job.action} ${end.job.stack} ${end.job.status}`)).toContain(
      'apply app cancelled',
    );
  });

  it('applies nothing when app planned again makes other changes, and names them', async () => {
    const world = await plannedAndApplied();

    await world.endBuild('network', 'succeeded');
    await world.endBuild('app', 'succeeded', { 'terraform_data.app': ['delete', 'create'] });

    expect(started(world)).toEqual(['apply network', 'plan app']);
    const [app] = await world.store.listJobs({ stack: 'app', action: 'apply', limit: 1 });
    expect(app?.status).toBe('cancelled');
    expect(app?.reason).toContain('differs from the reviewed plan');
    expect(app?.reason).toContain('terraform_data.app: replace, was create');
  });
});
