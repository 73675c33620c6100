import { afterEach, describe, expect, it, vi } from 'vitest';
import { maxCommentLength } from '../../../../core/github/markers';
import { resultOf } from '../../../../core/github/overview-comment';
import type { Job } from '../../../../core/jobs/job';
import type { FakeGitHubApi } from '../../../fakes/fake-github-api';
import { busiestWriteWindow, prReportRun } from '../../../support/pr-report-run';

const bigSha = 'b'.repeat(40);
const smallSha = 'c'.repeat(40);

/** The first line and commit marker of a comment: two comments with the same are the same comment posted twice. */
function identity(body: string): string {
  const [marker = '', second = ''] = body.split('\n');
  return `${marker} ${second.startsWith('<!-- infrabot:sha=') ? second : ''}`;
}

/** The states each stack's commit status was sent with, in order. */
function statesByStack(api: FakeGitHubApi): Map<string, string[]> {
  const states = new Map<string, string[]>();
  for (const status of api.statuses) {
    const stack = String(status.context).replace(/^infrabot\/plan: /, '');
    states.set(stack, [...(states.get(stack) ?? []), String(status.state)]);
  }
  return states;
}

describe('reporting a PR that touches many stacks', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
  });

  it('plans all 60 stacks of a shared-module change and reports them in at most 4 comments, within GitHub’s limits, while a 2-stack PR still gets a comment per stack within 60 s', async () => {
    // Prepare: a shared-module PR touching 60 stacks, and a PR touching two stacks of its own
    const run = await prReportRun(60);
    stop = run.stop;
    const { world, api } = run;
    run.openPr(1, bigSha, ['modules/shared/main.tf']);
    run.openPr(2, smallSha, ['stacks/aws/prod/network/main.tf', 'stacks/aws/prod/dns/main.tf']);

    // Act: /tf plan on both; the big PR's plans end 12 at a time, 30 s apart, the small PR's amid them
    const big = await run.commentPlan(1);
    const small = await run.commentPlan(2);
    let smallEndedAt = 0;
    for (let round = 0; round < 5; round += 1) {
      const batch = big.slice(round * 12, round * 12 + 12);
      if (round === 2) smallEndedAt = world.clock.now().getTime();
      await run.finish(round === 2 ? [...batch, ...small] : batch);
      world.clock.advance(30_000);
    }

    // Assess: every stack planned, at most 4 comments of at most 65,536 characters naming each stack and result
    expect(new Set(big.map((job) => job.stack)).size).toBe(60);
    const bigComments = run.commentsOf(1).map((comment) => comment.body);
    expect(bigComments.length).toBeLessThanOrEqual(4);
    for (const body of bigComments) expect(body.length).toBeLessThanOrEqual(maxCommentLength);
    const jobs = await world.store.listJobs({ pr: 1, limit: 100 });
    expect(jobs.every((job) => job.status === 'succeeded')).toBe(true);
    for (const job of jobs) {
      expect(bigComments.some((body) => body.includes(`| \`${job.stack}\` | ${resultOf(job)} |`))).toBe(true);
    }
    // GitHub's limits: no minute with more than 80 writes, under 3 requests per stack plus 20 in all
    expect(busiestWriteWindow(api)).toBeLessThanOrEqual(80);
    expect(api.requests.length).toBeLessThan(3 * (60 + 2) + 20);
    // The small PR: a comment per stack, within 60 s of its plans ending
    const smallComments = run.commentsOf(2).map((comment) => comment.body);
    for (const name of ['aws/prod/network', 'aws/prod/dns']) {
      expect(smallComments.filter((body) => body.startsWith(`<!-- infrabot:stack=${name} -->`))).toHaveLength(1);
    }
    const smallWrites = api.requests.filter(
      (request) => request.method !== 'GET' && /\/issues\/2\/comments$/.test(request.path),
    );
    const lastStackComment = Math.max(...smallWrites.slice(1).map((request) => request.at));
    expect(lastStackComment - smallEndedAt).toBeLessThanOrEqual(60_000);
    // No PR holds two comments with the same marker
    for (const bodies of [bigComments, smallComments]) {
      const marked = bodies.filter((body) => body.startsWith('<!-- infrabot:')).map(identity);
      expect(new Set(marked).size).toBe(marked.length);
    }
    // Every status ends in its result, a status per stack and action
    const lastStatus = new Map(api.statuses.map((status) => [`${status.sha} ${String(status.context)}`, status.state]));
    expect(lastStatus.size).toBe(62);
    expect([...lastStatus.values()].every((state) => state === 'success')).toBe(true);
  }, 120_000);

  it('starts all 60 builds of a /tf plan while GitHub’s writes wait their turn, then sends each stack’s statuses, a final one ready first replacing its pending one', async () => {
    // Prepare: a shared-module PR touching 60 stacks, with the pacer holding every write after its first
    const run = await prReportRun(60, { holdWrites: true });
    stop = run.stop;
    const { world, api, pacer } = run;
    run.openPr(1, bigSha, ['modules/shared/main.tf']);

    // Act: /tf plan; once every build has started, the last ten plans end while their pending statuses wait
    const commenting = run.commentPlan(1);
    await vi.waitFor(() => expect(world.runner.started).toHaveLength(60), { timeout: 20_000 });
    const statusesSentWhenStarted = api.statuses.length;
    const jobs = world.runner.started.map((spec) => spec.job);
    const endedFirst = jobs.slice(50);
    const finishing = run.finish(endedFirst);
    await vi.waitFor(() => expect(pacer.statusesGiven).toBe(70), { timeout: 20_000 });
    run.releaseWrites();
    await Promise.all([commenting, finishing]);
    await run.reporter.settled();
    const statesAfterFirstEnds = statesByStack(api);
    await run.finish(jobs.slice(0, 50));

    // Assess: no status was sent before every build started; the ten ended first got only their result
    expect(statusesSentWhenStarted).toBe(0);
    for (const { stack } of endedFirst) expect(statesAfterFirstEnds.get(stack)).toEqual(['success']);
    for (const { stack } of jobs.slice(0, 50)) expect(statesAfterFirstEnds.get(stack)).toEqual(['pending']);
    const finalStates = statesByStack(api);
    expect(finalStates.size).toBe(60);
    for (const states of finalStates.values()) expect(states.at(-1)).toBe('success');
    expect(api.statuses).toHaveLength(60 + 50);
    expect(run.errors).toEqual([]);
  }, 120_000);

  it('autoplans a push touching 60 stacks and applies those that change from the PR, each action in one combined comment, within GitHub’s limits', async () => {
    // Prepare: autoplan on, a shared-module PR touching 60 stacks
    const run = await prReportRun(60, { autoplan: true });
    stop = run.stop;
    const { world, api } = run;
    run.openPr(1, bigSha, ['modules/shared/main.tf']);

    // Act: the push autoplans every stack, then `/tf apply` applies those with changes, each ending 12 at a time, 30 s apart
    const endInRounds = async (jobs: readonly Job[]) => {
      for (let start = 0; start < jobs.length; start += 12) {
        await run.finish(jobs.slice(start, start + 12));
        world.clock.advance(30_000);
      }
    };
    const plans = await run.push(1, bigSha);
    await endInRounds(plans);
    const requestsBeforeApply = api.requests.length;
    const applies = await run.commentPlan(1, '/tf apply');
    await endInRounds(applies);

    // Assess: 60 plans, an apply of each of the 40 that change something, each action's results in combined comments
    expect(new Set(plans.map((job) => job.stack)).size).toBe(60);
    expect(applies).toHaveLength(40);
    expect(applies.every((job) => job.action === 'apply')).toBe(true);
    const bodies = run.commentsOf(1).map((comment) => comment.body);
    const combined = (action: string) => bodies.filter((body) => body.startsWith(`<!-- infrabot:combined=${action} `));
    for (const action of ['plan', 'apply']) {
      expect(combined(action).length).toBeGreaterThanOrEqual(1);
      expect(combined(action).length).toBeLessThanOrEqual(3);
    }
    for (const { stack } of applies) {
      expect(combined('apply').some((body) => body.includes(`| \`${stack}\` | ✅ applied |`))).toBe(true);
    }
    expect(bodies.filter((body) => body.startsWith('<!-- infrabot:stack=')).length).toBe(0);
    const marked = bodies.filter((body) => body.startsWith('<!-- infrabot:')).map(identity);
    expect(new Set(marked).size).toBe(marked.length);
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(maxCommentLength);
    // GitHub's limits hold for the autoplan and for the apply
    expect(busiestWriteWindow(api)).toBeLessThanOrEqual(80);
    expect(requestsBeforeApply).toBeLessThan(3 * 60 + 20);
    expect(api.requests.length - requestsBeforeApply).toBeLessThan(3 * 60 + 20);
  }, 120_000);
});
