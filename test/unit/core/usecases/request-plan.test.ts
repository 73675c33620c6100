import { describe, expect, it } from 'vitest';
import { requestPlan } from '../../../../core/usecases/request-plan';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { mainSha } from '../../../fixtures/config';

const alice = { source: 'slack', id: 'UALICE' } as const;
const noAnnounce = async () => undefined;

describe('requestPlan', () => {
  it('queues a plan of the default branch and starts its build under the plan role', async () => {
    const world = useCaseWorld();

    const outcome = await requestPlan({ stack: 'aws/prod/network', requester: alice }, noAnnounce, world.requestDeps);

    expect(outcome.ok).toBe(true);
    expect(world.runner.started).toHaveLength(1);
    expect(world.runner.started[0]?.roleArn).toBe('arn:aws:iam::123456789012:role/infrabot-plan-network');
    expect(world.runner.started[0]?.job.sha).toBe(mainSha);
    const jobs = await world.store.listJobs({ limit: 10 });
    expect(jobs[0]).toMatchObject({ status: 'running', ref: 'main', build: { id: expect.stringMatching(/^build-/) } });
    expect(world.store.audit[0]).toMatchObject({ action: 'tf.plan', outcome: 'accepted', actor: alice });
  });

  it('suggests the closest stack names for an unknown stack', async () => {
    const world = useCaseWorld();

    const outcome = await requestPlan({ stack: 'aws/prod/netwrk', requester: alice }, noAnnounce, world.requestDeps);

    expect(outcome).toMatchObject({ ok: false, reason: 'unknown_stack', suggestions: ['aws/prod/network'] });
    expect(world.runner.started).toHaveLength(0);
  });

  it('refuses a ref that does not exist', async () => {
    const world = useCaseWorld();

    const outcome = await requestPlan(
      { stack: 'aws/prod/network', ref: 'nope', requester: alice },
      noAnnounce,
      world.requestDeps,
    );

    expect(outcome).toMatchObject({ ok: false, reason: 'unknown_ref', ref: 'nope' });
  });

  it('refuses, with the reason, when the repository cannot say where the branch is now, and plans nothing', async () => {
    const world = useCaseWorld();
    world.commits.unreachable = 'git could not reach the remote "origin": connection refused';

    const outcome = await requestPlan({ stack: 'aws/prod/network', requester: alice }, noAnnounce, world.requestDeps);

    expect(outcome).toMatchObject({
      ok: false,
      reason: 'repository_unreachable',
      ref: 'main',
      why: 'git could not reach the remote "origin": connection refused',
    });
    expect(world.runner.started).toHaveLength(0);
  });

  it('refuses while another job holds the stack, naming the holder', async () => {
    const world = useCaseWorld();
    await requestPlan({ stack: 'aws/prod/network', requester: alice }, noAnnounce, world.requestDeps);

    const second = await requestPlan(
      { stack: 'aws/prod/network', requester: { source: 'slack', id: 'UBOB' } },
      noAnnounce,
      world.requestDeps,
    );

    expect(second).toMatchObject({ ok: false, reason: 'lock_held', lock: { heldBy: 'UALICE' } });
    expect(world.runner.started).toHaveLength(1);
  });

  it('keeps the Slack message it announced on the job', async () => {
    const world = useCaseWorld();

    const outcome = await requestPlan(
      { stack: 'aws/prod/dns', requester: alice },
      async () => ({ channel: 'C1', ts: '1.2' }),
      world.requestDeps,
    );

    expect(outcome.ok && outcome.job.reply).toEqual({ channel: 'C1', ts: '1.2' });
    expect(world.dispatcher.requests[0]?.reply).toEqual({ channel: 'C1', ts: '1.2' });
  });

  it('fails the job, instead of leaving it queued, when the dispatcher cannot be reached', async () => {
    const world = useCaseWorld();
    world.requestDeps.dispatcher = {
      dispatch: async () => {
        throw new Error('TooManyRequestsException: rate exceeded');
      },
    };

    const outcome = await requestPlan({ stack: 'aws/prod/network', requester: alice }, noAnnounce, world.requestDeps);

    expect(outcome).toMatchObject({
      ok: false,
      reason: 'dispatch_failed',
      why: expect.stringContaining('rate exceeded'),
    });
    const [job] = await world.store.listJobs({ limit: 1 });
    expect(job).toMatchObject({ status: 'failed', reason: expect.stringContaining('rate exceeded') });
    expect(world.store.audit.at(-1)).toMatchObject({ outcome: 'failed', jobId: job?.id });
  });
});
