import { afterEach, describe, expect, it } from 'vitest';
import { applyMarker } from '../../../../core/github/job-comment';
import { stackMarker } from '../../../../core/github/markers';
import { awsStack, testConfig } from '../../../fixtures/config';
import { eventually } from '../../../support/route-server';
import { prCommentPayload, webhookWorld } from '../../../support/webhook-world';

const headSha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const mergeSha = 'c4295bd74fb0f4fda03689c3df3f2803b658fd85';
/** `network` applies when its PR merges; PR 1 of the examples' repository changes it. */
const config = testConfig({
  repository: 'Codertocat/Hello-World',
  stacks: [awsStack('network', { applyOn: 'merge' }), awsStack('dns')],
});
const reviewed = { 'terraform_data.vpc': ['create'] };

describe('a stack applied when its PR merges', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** PR 1 is planned with `/tf plan`, its plan of network has changes. */
  async function planned() {
    const world = await webhookWorld(config);
    stops.push(world.stop);
    world.pullRequests.addPull(1, headSha, { author: 'octocat' });
    world.pullRequests.addPull(2, 'd'.repeat(40));
    world.pullRequests.files.set(1, ['stacks/network/main.tf']);
    world.pullRequests.files.set(2, ['stacks/network/main.tf']);
    world.pullRequests.permissions.set('Codertocat', 'admin');
    await world.deliver('issue_comment', prCommentPayload('/tf plan'));
    await eventually(() => expect(world.runner.started).toHaveLength(1));
    await world.endBuild('network', 'succeeded', reviewed);
    return world;
  }

  /** The PR merges: a signed `pull_request` closed delivery with `merged: true`. */
  async function merge(world: Awaited<ReturnType<typeof planned>>) {
    const response = await world.deliver('pull_request', world.mergedPayload(mergeSha));
    expect(response.status).toBe(202);
    await eventually(() => expect(world.runner.started).toHaveLength(2));
  }

  it('refuses /tf apply on the PR itself: the stack is applied when the PR merges', async () => {
    const world = await planned();

    await world.deliver('issue_comment', prCommentPayload('/tf apply'));

    await eventually(() => expect(world.pullRequests.replies).toHaveLength(2));
    expect(world.pullRequests.replies[1]?.body).toContain('network is applied when PR #1 merges (applyOn: merge)');
    expect(world.runner.started).toHaveLength(1);
  });

  it("refuses another PR's /tf apply of the stack between the plan and the merge, naming the holder", async () => {
    const world = await planned();
    const other = prCommentPayload('/tf apply network') as unknown as { issue: { number: number } };
    other.issue.number = 2;

    await world.deliver('issue_comment', other);

    await eventually(() => expect(world.pullRequests.replies).toHaveLength(2));
    expect(world.pullRequests.replies[1]).toMatchObject({ pr: 2 });
    expect(world.pullRequests.replies[1]?.body).toContain('network is locked by PR #1 (Codertocat)');
  });

  it('plans the merge commit when the PR merges and applies it with no comment from anyone', async () => {
    const world = await planned();

    await merge(world);
    const mergePlan = world.runner.started[1]?.job;
    expect(mergePlan).toMatchObject({ action: 'plan', stack: 'network', sha: mergeSha, ref: 'main', pr: 1 });
    expect(await world.store.getLock('network', world.clock.now())).toMatchObject({ owner: { kind: 'pr', pr: 1 } });
    await world.endBuild('network', 'succeeded', reviewed);
    expect(world.runner.started[2]?.job).toMatchObject({ action: 'apply', planJobId: mergePlan?.id, sha: mergeSha });
    await world.endBuild('network', 'succeeded');

    await eventually(() => expect(world.pullRequests.comment(1, applyMarker('network'))).toBeDefined());
    expect(world.pullRequests.comment(1, applyMarker('network'))?.body).toContain('network');
    expect(world.pullRequests.replies.map((reply) => reply.body).join('\n')).toMatch(
      /merged at `c4295bd`: applying on merge\n\n- ✅ `network`: apply j-\S+: plans the merge commit/,
    );
    expect(world.pullRequests.statuses.at(-1)).toMatchObject({ sha: mergeSha, state: 'success' });
    expect(await world.store.getLock('network', world.clock.now())).toBeUndefined();
    expect(world.errors).toEqual([]);
  });

  it("applies nothing when the merge commit's plan differs, and posts that plan with what differs", async () => {
    const world = await planned();

    await merge(world);
    await world.endBuild('network', 'succeeded', {
      'terraform_data.vpc': ['create'],
      'terraform_data.extra': ['create'],
    });

    expect(world.runner.started.map((spec) => spec.job.action)).toEqual(['plan', 'plan']);
    const [apply] = await world.store.listJobs({ stack: 'network', action: 'apply', limit: 1 });
    expect(apply?.status).toBe('cancelled');
    expect(apply?.reason).toContain("the merge commit's plan");
    expect(apply?.reason).toContain('terraform_data.extra: create, not in the reviewed plan');
    expect(apply?.reason).toContain('plan main in Slack (/tf plan network) and apply that plan');
    await eventually(() => expect(world.pullRequests.comment(1, applyMarker('network'))).toBeDefined());
    expect(world.pullRequests.comment(1, applyMarker('network'))?.body).toContain('terraform_data.extra');
    const planComments = (world.pullRequests.comments.get(1) ?? []).filter((c) => c.marker === stackMarker('network'));
    expect(planComments.map((comment) => comment.sha)).toContain(mergeSha);
    expect(await world.store.getLock('network', world.clock.now())).toBeUndefined();
  });

  it('opens one issue and keeps the stack locked as needing attention when the apply after the merge fails', async () => {
    const world = await planned();

    await merge(world);
    await world.endBuild('network', 'succeeded', reviewed);
    await world.endBuild('network', 'failed');

    const lock = await world.store.getLock('network', world.clock.now());
    expect(lock).toMatchObject({ owner: { kind: 'pr', pr: 1 } });
    expect(lock?.heldBy).toMatch(/^needs attention: its apply j-\S+ after the merge failed$/);
    expect(lock?.activeJobId).toBeUndefined();
    expect(world.pullRequests.issues).toHaveLength(1);
    const [issue] = world.pullRequests.issues;
    expect(issue).toMatchObject({
      title: 'Apply failed after merge: network',
      labels: ['infrabot:apply-failed'],
      state: 'open',
    });
    expect(issue?.body).toContain('The apply of `network` after #1 merged failed');
    expect(issue?.body).toContain('apply of network: failed');
    await eventually(() => expect(world.pullRequests.comment(1, applyMarker('network'))?.body).toContain('failed'));
  });

  it('fails the apply after the merge whose build cannot start, says why on the PR and frees the stack', async () => {
    const world = await planned();
    await merge(world);

    world.runner.failStartWith = new Error('CodeBuild account limit exceeded');
    await world.endBuild('network', 'succeeded', reviewed);

    const [apply] = await world.store.listJobs({ stack: 'network', action: 'apply', limit: 1 });
    expect(apply).toMatchObject({
      status: 'failed',
      reason: 'could not start the build: CodeBuild account limit exceeded',
    });
    await eventually(() =>
      expect(world.pullRequests.comment(1, applyMarker('network'))?.body).toContain('CodeBuild account limit exceeded'),
    );
    expect(await world.store.getLock('network', world.clock.now())).toBeUndefined();
  });

  it('cancels the apply after the merge whose new plan the dispatcher refuses, says why on the PR and frees the stack', async () => {
    const world = await planned();
    world.dispatcher.failWith = new Error('not authorized to invoke the dispatcher');

    const response = await world.deliver('pull_request', world.mergedPayload(mergeSha));

    expect(response.status).toBe(202);
    await eventually(async () => {
      const [apply] = await world.store.listJobs({ stack: 'network', action: 'apply', limit: 1 });
      expect(apply).toMatchObject({ status: 'cancelled', reason: expect.stringContaining('not authorized') });
    });
    const [plan] = await world.store.listJobs({ stack: 'network', action: 'plan', limit: 1 });
    expect(plan).toMatchObject({ sha: mergeSha, status: 'failed', reason: expect.stringContaining('dispatcher') });
    await eventually(() =>
      expect(world.pullRequests.replies.map((reply) => reply.body).join('\n')).toContain(
        'not authorized to invoke the dispatcher',
      ),
    );
    expect(await world.store.getLock('network', world.clock.now())).toBeUndefined();
    expect(world.runner.started).toHaveLength(1);
  });

  it('cancels, naming why, the applies below one whose new plan the dispatcher refuses, and frees their stacks', async () => {
    const world = await webhookWorld(
      testConfig({
        repository: 'Codertocat/Hello-World',
        stacks: [
          awsStack('network', { applyOn: 'merge' }),
          awsStack('app', { applyOn: 'merge', dependsOn: ['network'] }),
        ],
      }),
    );
    stops.push(world.stop);
    world.pullRequests.addPull(1, headSha, { author: 'octocat' });
    world.pullRequests.files.set(1, ['stacks/network/main.tf', 'stacks/app/main.tf']);
    world.pullRequests.permissions.set('Codertocat', 'admin');
    await world.deliver('issue_comment', prCommentPayload('/tf plan'));
    await eventually(() => expect(world.runner.started).toHaveLength(2));
    await world.endBuild('network', 'succeeded', reviewed);
    await world.endBuild('app', 'succeeded', reviewed);
    world.dispatcher.failWith = new Error('not authorized to invoke the dispatcher');

    await world.deliver('pull_request', world.mergedPayload(mergeSha));

    await eventually(async () => {
      const [app] = await world.store.listJobs({ stack: 'app', action: 'apply', limit: 1 });
      expect(app).toMatchObject({
        status: 'cancelled',
        reason: expect.stringMatching(/depends on network, whose apply/),
      });
    });
    const [network] = await world.store.listJobs({ stack: 'network', action: 'apply', limit: 1 });
    expect(network).toMatchObject({ status: 'cancelled' });
    for (const stack of ['network', 'app']) expect(await world.store.getLock(stack, world.clock.now())).toBeUndefined();
    await eventually(() =>
      expect(world.pullRequests.replies.map((reply) => reply.body).join('\n')).toMatch(
        /depends on network, whose apply/,
      ),
    );
  });

  it('closes the issue when a later apply of the stack succeeds, after the stack was unlocked', async () => {
    const world = await planned();
    await merge(world);
    await world.endBuild('network', 'succeeded', reviewed);
    await world.endBuild('network', 'failed');
    world.pullRequests.addPull(1, headSha, { state: 'closed', merged: true });

    await world.deliver('issue_comment', prCommentPayload('/tf unlock network'));
    await eventually(() => expect(world.pullRequests.replies.at(-1)?.body).toContain('unlocked'));
    const fix = prCommentPayload('/tf plan network') as unknown as { issue: { number: number } };
    fix.issue.number = 2;
    await world.deliver('issue_comment', fix);
    await eventually(() => expect(world.runner.started).toHaveLength(4));
    await world.endBuild('network', 'succeeded', reviewed);
    await world.deliver('pull_request', world.mergedPayload('e'.repeat(40), 2));
    await eventually(() => expect(world.runner.started).toHaveLength(5));
    await world.endBuild('network', 'succeeded', reviewed);
    await world.endBuild('network', 'succeeded');

    expect(world.pullRequests.issues).toHaveLength(1);
    expect(world.pullRequests.issues[0]?.state).toBe('closed');
    expect(world.pullRequests.issues[0]?.comments[0]).toMatch(
      /^Applied by job `j-\S+` for #2 at `eeeeeee`: closing\.$/,
    );
  });

  it('applies nothing on merge when the stack requires an approval the PR never got, and says so', async () => {
    const world = await webhookWorld(
      testConfig({
        repository: 'Codertocat/Hello-World',
        stacks: [awsStack('network', { applyOn: 'merge', requirements: ['approved'] })],
      }),
    );
    stops.push(world.stop);
    world.pullRequests.addPull(1, headSha, { author: 'octocat' });
    world.pullRequests.files.set(1, ['stacks/network/main.tf']);
    world.pullRequests.permissions.set('Codertocat', 'admin');
    await world.deliver('issue_comment', prCommentPayload('/tf plan'));
    await eventually(() => expect(world.runner.started).toHaveLength(1));
    await world.endBuild('network', 'succeeded', reviewed);

    await world.deliver('pull_request', world.mergedPayload(mergeSha));

    await eventually(() => expect(world.pullRequests.replies).toHaveLength(3));
    expect(world.pullRequests.replies[1]?.body).toContain('⛔ `network`: not applied: it needs an approving review');
    expect(world.pullRequests.replies[2]?.body).toContain('released the locks on `network`');
    expect(world.runner.started).toHaveLength(1);
  });
});
