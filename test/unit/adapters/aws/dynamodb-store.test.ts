import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import type { Job } from '../../../../core/jobs/job';
import type { LockRequest } from '../../../../core/locks/lock';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';

const sha = 'a'.repeat(40);
const now = new Date('2026-03-01T12:00:00.000Z');
let dynamo: LocalDynamo;
let store: DynamoDbStore;

beforeAll(async () => {
  dynamo = await startDynalite();
  store = new DynamoDbStore({ client: dynamo.client, tableName: dynamo.tableName });
});
afterAll(async () => dynamo.close());

function job(id: string, overrides: Partial<Job> = {}): Job {
  return {
    id,
    action: 'plan',
    stack: 'aws/prod/network',
    sha,
    requestedBy: { source: 'slack', id: 'U012ABCDEF' },
    status: 'queued',
    createdAt: now.toISOString(),
    ...overrides,
  };
}

function lockRequest(stack: string, jobId: string): LockRequest {
  return { stack, owner: { kind: 'job', jobId }, jobId, heldBy: 'U012ABCDEF', ttlMs: 60_000 };
}

describe('DynamoDbStore jobs', () => {
  it('records a job once and reads it back', async () => {
    const first = await store.createJob(job('j-create-1', { pr: 4, reply: { channel: 'C1', ts: '1.2' } }));
    const second = await store.createJob(job('j-create-1', { stack: 'aws/other' }));

    expect(first).toBe(true);
    expect(second).toBe(false);
    expect(await store.getJob('j-create-1')).toEqual(job('j-create-1', { pr: 4, reply: { channel: 'C1', ts: '1.2' } }));
    expect(await store.getJob('j-missing')).toBeUndefined();
  });

  it('moves a job only along allowed transitions, so a duplicate event changes nothing', async () => {
    await store.createJob(job('j-move-1'));

    const running = await store.transitionJob('j-move-1', 'running', { startedAt: '2026-03-01T12:00:01.000Z' });
    const done = await store.transitionJob('j-move-1', 'succeeded', { finishedAt: '2026-03-01T12:05:00.000Z' });
    const again = await store.transitionJob('j-move-1', 'failed', { reason: 'late event' });

    expect(running?.status).toBe('running');
    expect(done).toMatchObject({ status: 'succeeded', startedAt: '2026-03-01T12:00:01.000Z' });
    expect(again).toBeUndefined();
    expect(await store.getJob('j-move-1')).toMatchObject({
      status: 'succeeded',
      finishedAt: '2026-03-01T12:05:00.000Z',
    });
    expect((await store.getJob('j-move-1'))?.reason).toBeUndefined();
    expect(await store.transitionJob('j-nobody', 'running')).toBeUndefined();
  });

  it('updates fields without touching the status and leaves fields set to undefined as they were', async () => {
    await store.createJob(job('j-update-1', { reason: 'to be cleared' }));

    await store.updateJob('j-update-1', {
      build: { id: 'infrabot-plan:1', logUrl: 'https://logs' },
      reason: undefined,
    });
    await store.updateJob('j-nobody', { reason: 'ignored' });

    const updated = await store.getJob('j-update-1');
    expect(updated).toMatchObject({ status: 'queued', build: { id: 'infrabot-plan:1', logUrl: 'https://logs' } });
    expect(updated?.reason).toBe('to be cleared');
    expect(await store.getJob('j-nobody')).toBeUndefined();
  });

  it('finds the latest successful plan of a stack behind many newer jobs', async () => {
    const stack = 'aws/list/latest';
    await store.createJob(job('j-list-old', { stack, createdAt: '2026-02-01T00:00:00.000Z' }));
    await store.transitionJob('j-list-old', 'running');
    await store.transitionJob('j-list-old', 'succeeded');
    for (let index = 0; index < 60; index += 1) {
      const createdAt = new Date(Date.parse('2026-02-02T00:00:00.000Z') + index * 1000).toISOString();
      await store.createJob(job(`j-list-${String(index).padStart(2, '0')}`, { stack, createdAt }));
    }
    await store.createJob(job('j-list-apply', { stack, action: 'apply', status: 'succeeded' }));

    const latest = await store.listJobs({ stack, action: 'plan', status: ['succeeded'], limit: 1 });
    const newest = await store.listJobs({ stack, limit: 3 });

    expect(latest.map((found) => found.id)).toEqual(['j-list-old']);
    expect(newest.map((found) => found.id)).toEqual(['j-list-apply', 'j-list-59', 'j-list-58']);
  });

  it('lists the jobs of a pull request, newest first, narrowed by stack', async () => {
    await store.createJob(job('j-pr-a', { pr: 77, stack: 'aws/pr/a', createdAt: '2026-03-02T00:00:01.000Z' }));
    await store.createJob(job('j-pr-b', { pr: 77, stack: 'aws/pr/b', createdAt: '2026-03-02T00:00:02.000Z' }));
    await store.createJob(job('j-pr-other', { pr: 78, stack: 'aws/pr/a', createdAt: '2026-03-02T00:00:03.000Z' }));

    const all = await store.listJobs({ pr: 77, limit: 10 });
    const oneStack = await store.listJobs({ pr: 77, stack: 'aws/pr/a', limit: 10 });

    expect(all.map((found) => found.id)).toEqual(['j-pr-b', 'j-pr-a']);
    expect(oneStack.map((found) => found.id)).toEqual(['j-pr-a']);
    expect(await store.listJobs({ pr: 77, limit: 0 })).toEqual([]);
  });
});

describe('DynamoDbStore locks', () => {
  it('gives the lock to exactly one of 100 concurrent attempts', async () => {
    const attempts = Array.from({ length: 100 }, (_, index) =>
      store.acquireLock(lockRequest('aws/race/one', `j-race-${index}`), now),
    );

    const results = await Promise.all(attempts);

    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    const holder = (await store.getLock('aws/race/one', now))?.activeJobId;
    expect(winners[0]?.ok && winners[0].lock.activeJobId).toBe(holder);
    for (const result of results.filter((candidate) => !candidate.ok)) {
      expect(result.ok === false && result.heldBy.activeJobId).toBe(holder);
    }
  });

  it('lets a job take over an expired lock', async () => {
    await store.acquireLock({ ...lockRequest('aws/expired/one', 'j-crashed'), ttlMs: 1000 }, now);
    const later = new Date(now.getTime() + 2000);

    const result = await store.acquireLock(lockRequest('aws/expired/one', 'j-next'), later);

    expect(result).toMatchObject({
      ok: true,
      lock: { owner: { kind: 'job', jobId: 'j-next' }, activeJobId: 'j-next' },
    });
    expect(await store.getLock('aws/expired/one', later)).toMatchObject({ activeJobId: 'j-next' });
  });

  it('refuses a second release, and a release by a stale owner after a takeover', async () => {
    await store.acquireLock({ ...lockRequest('aws/stale/one', 'j-stale'), ttlMs: 1000 }, now);
    const later = new Date(now.getTime() + 2000);
    await store.acquireLock(lockRequest('aws/stale/one', 'j-fresh'), later);

    const staleRelease = await store.releaseJobLock('aws/stale/one', 'j-stale', later);
    const freshRelease = await store.releaseJobLock('aws/stale/one', 'j-fresh', later);
    const secondRelease = await store.releaseJobLock('aws/stale/one', 'j-fresh', later);

    expect(staleRelease).toBe(false);
    expect(freshRelease).toBe(true);
    expect(secondRelease).toBe(false);
    expect(await store.getLock('aws/stale/one', later)).toBeUndefined();
  });

  it('keeps a pull request lock when its job ends, and lets the next job of that PR in', async () => {
    const owner = { kind: 'pr', pr: 12 } as const;
    await store.acquireLock({ ...lockRequest('aws/pr/lock', 'j-pr-1'), owner, heldBy: 'octocat' }, now);
    const blocked = await store.acquireLock(lockRequest('aws/pr/lock', 'j-other'), now);

    const released = await store.releaseJobLock('aws/pr/lock', 'j-pr-1', now);
    const next = await store.acquireLock({ ...lockRequest('aws/pr/lock', 'j-pr-2'), owner, heldBy: 'someone' }, now);

    expect(blocked).toMatchObject({ ok: false, heldBy: { owner, heldBy: 'octocat', activeJobId: 'j-pr-1' } });
    expect(released).toBe(true);
    expect(next).toMatchObject({ ok: true, lock: { owner, heldBy: 'octocat', activeJobId: 'j-pr-2' } });
    expect(await store.releaseLock('aws/pr/lock', { kind: 'pr', pr: 13 })).toBe(false);
    expect(await store.releaseLock('aws/pr/lock', owner)).toBe(true);
  });

  it('lists live locks and removes exactly the one it checked', async () => {
    await store.acquireLock(lockRequest('aws/list/lock-a', 'j-la'), now);
    await store.acquireLock({ ...lockRequest('aws/list/lock-b', 'j-lb'), ttlMs: 1 }, now);
    const later = new Date(now.getTime() + 10);

    const live = (await store.listLocks(later)).map((lock) => lock.stack);
    const checked = await store.getLock('aws/list/lock-a', later);
    const removed = checked && (await store.releaseCheckedLock(checked));

    expect(live).toContain('aws/list/lock-a');
    expect(live).not.toContain('aws/list/lock-b');
    expect(checked).toMatchObject({ stack: 'aws/list/lock-a', activeJobId: 'j-la' });
    expect(removed).toBe(true);
    expect(checked && (await store.releaseCheckedLock(checked))).toBe(false);
  });
});

describe('DynamoDbStore records', () => {
  it('lists audit entries newest first, for everything or for one target', async () => {
    const actor = { source: 'slack', id: 'U012ABCDEF' } as const;
    for (const [index, target] of ['aws/audit/a', 'aws/audit/b', 'aws/audit/a'].entries()) {
      await store.appendAudit({
        at: `2030-01-01T00:00:0${index}.000Z`,
        actor,
        action: 'tf.plan',
        target,
        outcome: 'accepted',
      });
    }

    const latest = await store.listAudit({ limit: 2 });
    const ofA = await store.listAudit({ limit: 10, target: 'aws/audit/a' });

    expect(latest.map((entry) => entry.at)).toEqual(['2030-01-01T00:00:02.000Z', '2030-01-01T00:00:01.000Z']);
    expect(ofA.map((entry) => entry.at)).toEqual(['2030-01-01T00:00:02.000Z', '2030-01-01T00:00:00.000Z']);
    expect(ofA[0]).toEqual({
      at: '2030-01-01T00:00:02.000Z',
      actor,
      action: 'tf.plan',
      target: 'aws/audit/a',
      outcome: 'accepted',
    });
  });

  it('grants an idempotency claim once while it lives, and again after it expires', async () => {
    const first = await store.claimOnce('slack:retry:1', 1000, now);
    const second = await store.claimOnce('slack:retry:1', 1000, new Date(now.getTime() + 999));
    const afterExpiry = await store.claimOnce('slack:retry:1', 1000, new Date(now.getTime() + 1000));

    expect([first, second, afterExpiry]).toEqual([true, false, true]);
  });
});
