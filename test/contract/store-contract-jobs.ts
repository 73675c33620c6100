import { describe, expect, it } from 'vitest';
import { canTransition, type JobStatus, jobStatuses } from '../../core/jobs/job';
import { type CurrentStore, makeFullJob, makeJob, plus, sha, summary } from './store-fixtures';

const statuses = jobStatuses;

/** Creating, reading, transitioning and updating jobs. */
export function describeJobContract(store: CurrentStore): void {
  describe('jobs', () => {
    it('returns a created job exactly as given, nested fields included', async () => {
      const job = makeFullJob();
      expect(await store().createJob(job)).toBe(true);
      expect(await store().getJob(job.id)).toStrictEqual(job);
    });

    it('returns a job without optional fields without adding any', async () => {
      const job = makeJob();
      await store().createJob(job);
      expect(await store().getJob(job.id)).toStrictEqual(job);
    });

    it('keeps the GitHub user behind an Actions job next to its workflow', async () => {
      const requestedBy = {
        source: 'actions' as const,
        id: 'example-org/infra/.github/workflows/plan.yml@refs/pull/7/merge',
        triggeredBy: 'octocat',
      };
      await store().createJob(makeJob({ requestedBy, pr: 7 }));
      expect((await store().getJob('j-m7q2k1-aaaa'))?.requestedBy).toStrictEqual(requestedBy);
    });

    it('keeps a waiting apply with what it waits for, and lists it by its status', async () => {
      const order = { upstream: ['j-m7q2k1-up01'], replanAt: sha, replanRef: 'main', merged: true as const };
      const waiting = makeJob({ action: 'apply', status: 'waiting', planJobId: 'j-m7q2k1-plan', pr: 7, order });
      await store().createJob(waiting);
      expect(await store().getJob(waiting.id)).toStrictEqual(waiting);
      expect((await store().listJobs({ status: ['waiting'], limit: 10 })).map((job) => job.id)).toEqual([waiting.id]);
    });

    it('moves a waiting apply to queued with the new plan it applies, its commit and its order', async () => {
      const order = { upstream: [], replanAt: sha };
      await store().createJob(makeJob({ action: 'apply', status: 'waiting', planJobId: 'j-m7q2k1-plan', order }));
      const newSha = 'fedcba9876543210fedcba9876543210fedcba98';
      const replanned = { ...order, replan: 'j-m7q2k1-new0' };
      const moved = await store().transitionJob('j-m7q2k1-aaaa', 'queued', {
        sha: newSha,
        planJobId: 'j-m7q2k1-new0',
        order: replanned,
      });
      expect(moved).toMatchObject({ status: 'queued', sha: newSha, planJobId: 'j-m7q2k1-new0', order: replanned });
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(moved);
    });

    it('keeps a drift check apart from an ordinary plan, with the schedule that asked for it', async () => {
      const requestedBy = { source: 'schedule' as const, id: 'drift' };
      await store().createJob(makeJob({ kind: 'drift', requestedBy }));
      const read = await store().getJob('j-m7q2k1-aaaa');
      expect(read?.kind).toBe('drift');
      expect(read?.requestedBy).toStrictEqual(requestedBy);
    });

    it('returns undefined for a job that does not exist', async () => {
      expect(await store().getJob('j-m7q2k1-none')).toBeUndefined();
    });

    it('refuses a duplicate id and keeps the first job unchanged', async () => {
      const first = makeJob();
      await store().createJob(first);
      const created = await store().createJob(makeFullJob({ id: first.id, stack: 'aws/dev/app' }));
      expect(created).toBe(false);
      expect(await store().getJob(first.id)).toStrictEqual(first);
    });

    it('creates a job once when the same id is created concurrently', async () => {
      const attempts = Array.from({ length: 20 }, (_, i) => makeJob({ stack: `aws/dev/app-${i}` }));
      const results = await Promise.all(attempts.map((job) => store().createJob(job)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = attempts[results.indexOf(true)];
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(winner);
    });

    it('keeps its own copy: changing a job object after writing or reading it changes nothing stored', async () => {
      const job = makeFullJob();
      await store().createJob(job);
      job.stack = 'changed/by-caller';
      const read = await store().getJob(job.id);
      if (read?.summary) read.summary.counts.create = 99;
      expect(await store().getJob(job.id)).toStrictEqual(makeFullJob());
    });

    it('moves a job along its lifecycle and keeps every patch, the digests of a plan included', async () => {
      await store().createJob(makeJob());
      const build = { id: 'local:1', logUrl: 'file:///tmp/log.txt' };
      const running = await store().transitionJob('j-m7q2k1-aaaa', 'running', {
        startedAt: plus(1_000).toISOString(),
        build,
      });
      const planDigest = { tfplan: 'a'.repeat(64), planJson: 'b'.repeat(64), changes: 'c'.repeat(64) };
      const done = await store().transitionJob('j-m7q2k1-aaaa', 'succeeded', {
        finishedAt: plus(9_000).toISOString(),
        summary,
        planDigest,
      });
      const expected = makeJob({
        status: 'succeeded',
        startedAt: plus(1_000).toISOString(),
        finishedAt: plus(9_000).toISOString(),
        build,
        summary,
        planDigest,
      });
      expect(running).toStrictEqual(makeJob({ status: 'running', startedAt: plus(1_000).toISOString(), build }));
      expect(done).toStrictEqual(expected);
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(expected);
    });

    it('allows exactly the moves canTransition allows and otherwise changes nothing', async () => {
      for (const from of statuses) {
        for (const to of statuses) {
          const job = makeJob({ id: `j-m7q2k1-${from}-${to}`, status: from });
          await store().createJob(job);
          const result = await store().transitionJob(job.id, to, { reason: 'moved' });
          const stored = await store().getJob(job.id);
          if (canTransition(from, to)) {
            expect(result, `${from} → ${to}`).toStrictEqual({ ...job, status: to, reason: 'moved' });
            expect(stored, `${from} → ${to}`).toStrictEqual(result);
          } else {
            expect(result, `${from} → ${to}`).toBeUndefined();
            expect(stored, `${from} → ${to}`).toStrictEqual(job);
          }
        }
      }
    });

    it('treats a duplicate "succeeded" as a no-op that returns undefined', async () => {
      await store().createJob(makeJob({ status: 'running' }));
      await store().transitionJob('j-m7q2k1-aaaa', 'succeeded', { summary, finishedAt: plus(5_000).toISOString() });
      const again = await store().transitionJob('j-m7q2k1-aaaa', 'succeeded', {
        summary: { ...summary, hasChanges: false },
        finishedAt: plus(9_000).toISOString(),
      });
      expect(again).toBeUndefined();
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(
        makeJob({ status: 'succeeded', summary, finishedAt: plus(5_000).toISOString() }),
      );
    });

    it('lets exactly one of concurrent finishing events win', async () => {
      await store().createJob(makeJob({ status: 'running' }));
      const ends: JobStatus[] = Array.from({ length: 30 }, (_, i) => statuses[2 + (i % 3)] as JobStatus);
      const results = await Promise.all(
        ends.map((to, i) => store().transitionJob('j-m7q2k1-aaaa', to, { reason: `event ${i}` })),
      );
      const winners = results.filter((result) => result !== undefined);
      expect(winners).toHaveLength(1);
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(winners[0]);
    });

    it('returns undefined for a transition of a missing job and creates nothing', async () => {
      expect(await store().transitionJob('j-m7q2k1-none', 'running')).toBeUndefined();
      expect(await store().getJob('j-m7q2k1-none')).toBeUndefined();
    });

    it('leaves a field unchanged when a patch sets it to undefined', async () => {
      await store().createJob(makeJob({ reason: 'queued behind a lock', build: { id: 'local:1' } }));
      const moved = await store().transitionJob('j-m7q2k1-aaaa', 'running', { reason: undefined, build: undefined });
      await store().updateJob('j-m7q2k1-aaaa', { reason: undefined });
      const expected = makeJob({ status: 'running', reason: 'queued behind a lock', build: { id: 'local:1' } });
      expect(moved).toStrictEqual(expected);
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(expected);
    });

    it('updates fields without changing the status, also on a finished job', async () => {
      await store().createJob(makeJob({ status: 'succeeded' }));
      const reply = { channel: 'C0123ABC', ts: '1700000000.000200' };
      await store().updateJob('j-m7q2k1-aaaa', { reply, build: { id: 'local:2' } });
      expect(await store().getJob('j-m7q2k1-aaaa')).toStrictEqual(
        makeJob({ status: 'succeeded', reply, build: { id: 'local:2' } }),
      );
    });

    it('does nothing when updating a missing job', async () => {
      await store().updateJob('j-m7q2k1-none', { reason: 'gone' });
      expect(await store().getJob('j-m7q2k1-none')).toBeUndefined();
    });
  });
}
