import { describe, expect, it } from 'vitest';
import type { Job } from '../../core/jobs/job';
import type { JobQuery } from '../../core/ports';
import { type CurrentStore, makeJob, plus } from './store-fixtures';

/** Six jobs, one minute apart (`j-…-1` oldest), spread over stacks, actions, statuses and PRs. */
function history(): Job[] {
  const net = 'aws/prod/network';
  const app = 'aws/dev/app';
  const rows: [string, Job['action'], Job['status'], number | undefined][] = [
    [net, 'plan', 'succeeded', 12],
    [app, 'plan', 'failed', undefined],
    [net, 'apply', 'succeeded', 12],
    [app, 'plan', 'running', 13],
    [net, 'plan', 'queued', undefined],
    [net, 'plan', 'cancelled', 13],
  ];
  return rows.map(([stack, action, status, pr], i) =>
    makeJob({
      id: `j-m7q2k1-${i + 1}`,
      stack,
      action,
      status,
      createdAt: plus(i * 60_000).toISOString(),
      ...(pr === undefined ? {} : { pr }),
    }),
  );
}

async function seed(store: CurrentStore, jobs: Job[]): Promise<void> {
  const shuffled = [jobs[3], jobs[0], jobs[5], jobs[1], jobs[4], jobs[2]].filter((job) => job !== undefined);
  for (const job of shuffled) await store().createJob(job);
}

async function ids(store: CurrentStore, query: JobQuery): Promise<string[]> {
  return (await store().listJobs(query)).map((job) => job.id.replace('j-m7q2k1-', ''));
}

/** Listing jobs: filters, newest first, and the limit applied after filtering. */
export function describeJobListContract(store: CurrentStore): void {
  describe('listing jobs', () => {
    it('lists jobs newest first, at most `limit`, whatever the order they were created in', async () => {
      await seed(store, history());
      expect(await ids(store, { limit: 3 })).toEqual(['6', '5', '4']);
      expect(await ids(store, { limit: 100 })).toEqual(['6', '5', '4', '3', '2', '1']);
    });

    it('returns whole jobs', async () => {
      const jobs = history();
      await seed(store, jobs);
      expect(await store().listJobs({ limit: 1 })).toStrictEqual([jobs[5]]);
    });

    it('orders jobs created at the same moment by id, highest first', async () => {
      for (const id of ['j-m7q2k1-b', 'j-m7q2k1-c', 'j-m7q2k1-a']) await store().createJob(makeJob({ id }));
      expect(await ids(store, { limit: 10 })).toEqual(['c', 'b', 'a']);
    });

    it('filters by stack, statuses, action and PR, applying the limit after filtering', async () => {
      await seed(store, history());
      expect(await ids(store, { stack: 'aws/prod/network', limit: 2 })).toEqual(['6', '5']);
      expect(await ids(store, { stack: 'aws/dev/app', limit: 10 })).toEqual(['4', '2']);
      expect(await ids(store, { status: ['succeeded', 'failed'], limit: 10 })).toEqual(['3', '2', '1']);
      expect(await ids(store, { action: 'apply', limit: 10 })).toEqual(['3']);
      expect(await ids(store, { pr: 13, limit: 10 })).toEqual(['6', '4']);
      expect(await ids(store, { stack: 'aws/prod/network', action: 'plan', status: ['succeeded'], limit: 10 })).toEqual(
        ['1'],
      );
      expect(await ids(store, { stack: 'aws/prod/network', pr: 12, limit: 1 })).toEqual(['3']);
    });

    it('lists only the jobs created at or after `createdSince`, with the other filters', async () => {
      await seed(store, history());
      expect(await ids(store, { createdSince: plus(3 * 60_000).toISOString(), limit: 10 })).toEqual(['6', '5', '4']);
      expect(
        await ids(store, {
          createdSince: plus(2 * 60_000 + 1).toISOString(),
          status: ['queued', 'running'],
          limit: 10,
        }),
      ).toEqual(['5', '4']);
      expect(await ids(store, { createdSince: plus(60 * 60_000).toISOString(), limit: 10 })).toEqual([]);
    });

    it('filters by kind: a drift check is listed only under `drift`, a job without a kind only under `ordinary`', async () => {
      await seed(store, history());
      const check = makeJob({
        id: 'j-m7q2k1-7',
        stack: 'aws/prod/network',
        action: 'plan',
        kind: 'drift',
        status: 'succeeded',
        createdAt: plus(6 * 60_000).toISOString(),
      });
      await store().createJob(check);
      const latestPlan = { stack: 'aws/prod/network', action: 'plan', status: ['succeeded'], limit: 1 } as const;
      expect(await ids(store, { ...latestPlan, kind: 'drift' })).toEqual(['7']);
      expect(await ids(store, { ...latestPlan, kind: 'ordinary' })).toEqual(['1']);
      expect(await ids(store, latestPlan)).toEqual(['7']);
      expect(await ids(store, { kind: 'ordinary', limit: 100 })).toEqual(['6', '5', '4', '3', '2', '1']);
    });

    it('returns nothing when no job matches, for an empty status list, or for a limit of 0', async () => {
      await seed(store, history());
      expect(await ids(store, { stack: 'aws/prod/unknown', limit: 10 })).toEqual([]);
      expect(await ids(store, { pr: 99, limit: 10 })).toEqual([]);
      expect(await ids(store, { status: [], limit: 10 })).toEqual([]);
      expect(await ids(store, { limit: 0 })).toEqual([]);
    });

    it('lists jobs by their current status after a transition', async () => {
      await seed(store, history());
      await store().transitionJob('j-m7q2k1-4', 'succeeded');
      await store().transitionJob('j-m7q2k1-5', 'running');
      expect(await ids(store, { status: ['running'], limit: 10 })).toEqual(['5']);
      expect(await ids(store, { status: ['succeeded'], stack: 'aws/dev/app', limit: 10 })).toEqual(['4']);
    });

    it('keeps listing by creation time when a job is updated later', async () => {
      await seed(store, history());
      await store().updateJob('j-m7q2k1-1', { finishedAt: plus(3_600_000).toISOString() });
      expect(await ids(store, { limit: 1 })).toEqual(['6']);
    });
  });
}
