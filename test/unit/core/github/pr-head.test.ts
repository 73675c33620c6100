import { describe, expect, it } from 'vitest';
import { handlePrComment } from '../../../../core/github/pr-comment';
import { handlePrEvent } from '../../../../core/github/pr-event';
import { githubWorld } from '../../../fakes/github-world';
import { mainSha, nextSha, testConfig } from '../../../fixtures/config';

const network = 'aws/prod/network';
const reviewedAt = '2026-11-01T11:00:00.000Z';
const commentedAt = '2026-11-01T11:05:00.000Z';
const pushedLaterAt = '2026-11-01T11:05:30.000Z';

/** PR #7 touching the network stack, alice a writer; the PR comes from a fork when `fromFork`. */
function prepare(fromFork: boolean, autoplan = true) {
  const world = githubWorld(testConfig({ github: { autoplan } }));
  world.pullRequests.addPull(7, mainSha, { fromFork });
  world.pullRequests.files.set(7, ['stacks/aws/prod/network/main.tf']);
  world.pullRequests.permissions.set('alice', 'write');
  return world;
}

const push = (sha: string, at: string, fromFork: boolean) => ({
  action: 'synchronize',
  pr: 7,
  headSha: sha,
  login: 'alice',
  fromFork,
  at,
});

const planComment = { pr: 7, commentId: 99, login: 'alice', body: '/tf plan', writtenAt: commentedAt };

describe('fork PRs and the head a comment plans', () => {
  it("never autoplans a fork PR's code, even when a writer causes the event, and says how to plan it", async () => {
    // Prepare
    const world = prepare(true);

    // Act
    const outcome = await handlePrEvent({ ...push(mainSha, reviewedAt, true), action: 'reopened' }, world.deps);

    // Assess
    expect(outcome).toEqual({ kind: 'ignored' });
    expect(world.runner.started).toEqual([]);
    expect(world.pullRequests.replies[0]?.body).toContain('this PR comes from a fork');
  });

  it('plans a fork PR when a writer comments, at the head they saw when they wrote the comment', async () => {
    // Prepare
    const world = prepare(true);
    await handlePrEvent(push(mainSha, reviewedAt, true), world.deps);

    // Act
    await handlePrComment(planComment, world.deps);

    // Assess
    expect(world.runner.started.map((spec) => [spec.job.stack, spec.job.sha])).toEqual([[network, mainSha]]);
  });

  it('refuses a comment plan when the head was pushed after the comment was written, and plans nothing', async () => {
    // Prepare
    const world = prepare(true);
    await handlePrEvent(push(mainSha, reviewedAt, true), world.deps);
    world.pullRequests.addPull(7, nextSha, { fromFork: true });
    await handlePrEvent(push(nextSha, pushedLaterAt, true), world.deps);

    // Act
    await handlePrComment(planComment, world.deps);

    // Assess
    expect(world.runner.started).toEqual([]);
    expect(world.pullRequests.replies.at(-1)?.body).toContain(
      `the PR's head is now ${nextSha.slice(0, 7)}, pushed after this comment was written`,
    );
  });

  it('refuses to plan a fork PR head whose push was never seen, since nobody can tell it predates the comment', async () => {
    // Prepare
    const world = prepare(true);

    // Act
    await handlePrComment(planComment, world.deps);

    // Assess
    expect(world.runner.started).toEqual([]);
    expect(world.pullRequests.replies.at(-1)?.body).toContain('cannot tell whether its head');
  });

  it('pins a same-repository PR plan to the head as it was when the comment was written, too', async () => {
    // Prepare
    const world = prepare(false, false);
    await handlePrEvent(push(mainSha, reviewedAt, false), world.deps);
    world.pullRequests.addPull(7, nextSha);
    await handlePrEvent(push(nextSha, pushedLaterAt, false), world.deps);

    // Act
    await handlePrComment(planComment, world.deps);

    // Assess
    expect(world.runner.started).toEqual([]);
    expect(world.pullRequests.replies.at(-1)?.body).toContain('pushed after this comment was written');
  });
});
