import { describe, expect, it } from 'vitest';
import { combinedMarker } from '../../../../core/github/combined-comment';
import { GitHubReporter } from '../../../../core/github/github-reporter';
import { applyMarker } from '../../../../core/github/job-comment';
import { overviewMarker, stackMarker } from '../../../../core/github/markers';
import type { CommentSettings } from '../../../../core/github/pr-report-comments';
import type { CommitStatus } from '../../../../core/github/pull-request';
import type { Job } from '../../../../core/jobs/job';
import { FakeClock } from '../../../fakes/fake-ports';
import { FakePullRequests } from '../../../fakes/fake-pull-requests';
import { fakeSleep } from '../../../fakes/fake-sleep';
import { changes, noChanges, risky } from '../../../fakes/github-world';
import { MemoryStore } from '../../../fakes/memory-store';

const sha = 'c'.repeat(40);
let seq = 0;

function job(overrides: Partial<Job>): Job {
  seq += 1;
  return {
    id: `j-test-${seq}`,
    action: 'plan',
    stack: 'aws/prod/network',
    sha,
    pr: 7,
    requestedBy: { source: 'github', id: 'alice' },
    status: 'running',
    createdAt: `2026-11-01T12:00:${String(seq).padStart(2, '0')}Z`,
    build: { id: `b-${seq}`, logUrl: `https://logs.example/${seq}` },
    ...overrides,
  };
}

const auto: CommentSettings = { comments: 'auto', commentsPerStackMax: 5 };

function reporterOf(
  store: MemoryStore,
  pullRequests: FakePullRequests,
  clock: FakeClock,
  comments = auto,
  errors: string[] = [],
) {
  const onError = (activity: string, error: unknown) => errors.push(`${activity}: ${String(error)}`);
  return new GitHubReporter({ pullRequests, store, clock, sleep: fakeSleep(clock), comments, onError });
}

async function prepare(...jobs: Job[]) {
  const store = new MemoryStore();
  for (const each of jobs) await store.createJob(each);
  const pullRequests = new FakePullRequests();
  const clock = new FakeClock();
  const errors: string[] = [];
  return { store, pullRequests, clock, errors, reporter: reporterOf(store, pullRequests, clock, auto, errors) };
}

/** GitHub's writes waiting their turn: a status is recorded only once the test lets the writes go. */
class QueuedStatuses extends FakePullRequests {
  private release = () => {};
  private readonly released = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  letThrough(): void {
    this.release();
  }
  override async setCommitStatus(status: CommitStatus, options?: { unless?: () => Promise<boolean> }): Promise<void> {
    await this.released;
    await super.setCommitStatus(status, options);
  }
}

const stackComments = (pullRequests: FakePullRequests, pr = 7) =>
  (pullRequests.comments.get(pr) ?? []).filter((comment) => comment.marker.startsWith('<!-- infrabot:stack='));

describe('GitHubReporter', () => {
  it('sets a pending status linking to the log when a PR job starts', async () => {
    const running = job({});
    const { reporter, pullRequests } = await prepare(running);

    await reporter.jobStarted(running);
    await reporter.settled();

    expect(pullRequests.statuses).toEqual([
      {
        sha,
        pr: 7,
        context: 'infrabot/plan: aws/prod/network',
        state: 'pending',
        description: 'plan running',
        targetUrl: running.build?.logUrl,
      },
    ]);
  });

  it('returns from a job start while its pending status still waits its turn, and settles once it is sent', async () => {
    const running = job({});
    const store = new MemoryStore();
    const pullRequests = new QueuedStatuses();
    const reporter = reporterOf(store, pullRequests, new FakeClock());

    await reporter.jobStarted(running);
    const statusesAtReturn = pullRequests.statuses.length;
    pullRequests.letThrough();
    await reporter.settled();

    expect(statusesAtReturn).toBe(0);
    expect(pullRequests.statuses).toMatchObject([{ state: 'pending', context: 'infrabot/plan: aws/prod/network' }]);
  });

  it('drops a pending status whose job has ended by its turn, so that it never replaces a result another process sent', async () => {
    const running = job({});
    const store = new MemoryStore();
    await store.createJob(running);
    const pullRequests = new QueuedStatuses();
    const reporter = reporterOf(store, pullRequests, new FakeClock());

    await reporter.jobStarted(running);
    await store.transitionJob(running.id, 'succeeded');
    pullRequests.letThrough();
    await reporter.settled();

    expect(pullRequests.statuses).toEqual([]);
  });

  it('reports a pending status GitHub refuses as an error, without failing the job start', async () => {
    const running = job({});
    const errors: string[] = [];
    const refusing = new (class extends FakePullRequests {
      override async setCommitStatus(): Promise<void> {
        throw new Error('GitHub answered 422');
      }
    })();
    const reporter = reporterOf(new MemoryStore(), refusing, new FakeClock(), auto, errors);

    await reporter.jobStarted(running);
    await reporter.settled();

    expect(errors).toEqual([`setting the pending status of job ${running.id} on PR #7: Error: GitHub answered 422`]);
  });

  it('posts the plan comment, a success status with the counts and the changes label', async () => {
    const done = job({ status: 'succeeded', summary: changes({ create: 2, update: 1 }) });
    const { reporter, pullRequests } = await prepare(done);

    await reporter.jobFinished(done, { job: done, planText: 'password = hunter2\n  + resource' });

    expect(pullRequests.statuses[0]).toMatchObject({
      state: 'success',
      description: 'Plan: 2 to add, 1 to change, 0 to destroy.',
    });
    const [posted] = stackComments(pullRequests);
    expect(posted).toMatchObject({ marker: stackMarker('aws/prod/network'), sha });
    expect(posted?.body.startsWith('<!-- infrabot:stack=aws/prod/network -->')).toBe(true);
    expect(posted?.body).not.toContain('hunter2');
    expect(pullRequests.labels.get(7)).toEqual(['infrabot:changes']);
    expect(pullRequests.comment(7, overviewMarker)).toBeUndefined();
  });

  it('keeps an overview and the destroy label in step across the stacks of the PR', async () => {
    const network = job({ status: 'succeeded', summary: changes({ create: 0, replace: 1 }) });
    const dns = job({ stack: 'aws/prod/dns', status: 'succeeded', summary: noChanges() });
    const { reporter, pullRequests } = await prepare(network, dns);

    await reporter.jobFinished(dns, { job: dns });

    expect(pullRequests.labels.get(7)).toEqual(['infrabot:destroy', 'infrabot:changes']);
    const overview = pullRequests.comment(7, overviewMarker)?.body ?? '';
    expect(overview.split('\n')[0]).toBe('<!-- infrabot:overview -->');
    expect(overview).toContain('| `aws/prod/dns` | ✅ no changes | 0 | 0 | 0 | 0 | [log](https://logs.example/');
    expect(overview).toContain('| `aws/prod/network` | ⚠️ destroys | 1 | 0 | 1 | 1 |');
  });

  it('labels a PR risky while the latest plan of one of its stacks has risk flags', async () => {
    const network = job({ status: 'succeeded', summary: risky() });
    const dns = job({ stack: 'aws/prod/dns', status: 'succeeded', summary: noChanges() });
    const { reporter, pullRequests } = await prepare(network, dns);
    pullRequests.labels.set(7, ['bug']);

    await reporter.jobFinished(dns, { job: dns });

    expect(pullRequests.labels.get(7)).toEqual(['bug', 'infrabot:destroy', 'infrabot:risky', 'infrabot:changes']);
  });

  it('takes infrabot:risky off once a newer plan of the stack has no risk flags', async () => {
    const flagged = job({ status: 'succeeded', summary: risky() });
    const replanned = job({ status: 'succeeded', summary: changes({ create: 1 }) });
    const { reporter, pullRequests } = await prepare(flagged, replanned);
    pullRequests.labels.set(7, ['bug', 'infrabot:destroy', 'infrabot:risky', 'infrabot:changes']);

    await reporter.jobFinished(replanned, { job: replanned });

    expect(pullRequests.labels.get(7)).toEqual(['bug', 'infrabot:changes']);
  });

  it('labels a PR whose every stack plans no changes', async () => {
    const done = job({ status: 'succeeded', summary: noChanges() });
    const { reporter, pullRequests } = await prepare(done);
    pullRequests.labels.set(7, ['infrabot:changes', 'bug']);

    await reporter.jobFinished(done, { job: done });

    expect(pullRequests.labels.get(7)).toEqual(['bug', 'infrabot:no-changes']);
  });

  it('reports a failed plan with its reason and the masked log tail', async () => {
    const failed = job({ status: 'failed', reason: 'the build failed' });
    const { reporter, pullRequests } = await prepare(failed);

    await reporter.jobFinished(failed, { job: failed, logTail: 'Error: bad\nAWS key AKIAABCDEFGHIJKLMNOP' });

    expect(pullRequests.statuses[0]).toMatchObject({ state: 'failure', description: 'plan failed: the build failed' });
    const body = stackComments(pullRequests)[0]?.body ?? '';
    expect(body).toContain('❌ plan failed');
    expect(body).toContain('Error: bad');
    expect(body).not.toContain('AKIAABCDEFGHIJKLMNOP');
  });

  it('posts an apply result under its own marker, never taken for the plan comment', async () => {
    const applied = job({ action: 'apply', status: 'succeeded', summary: changes() });
    const { reporter, pullRequests } = await prepare(applied);

    await reporter.jobFinished(applied, { job: applied });

    expect(stackComments(pullRequests)).toEqual([]);
    const comment = pullRequests.comment(7, applyMarker('aws/prod/network'));
    expect(comment?.body.startsWith('<!-- infrabot:apply=aws/prod/network -->')).toBe(true);
    expect(pullRequests.statuses[0]).toMatchObject({ context: 'infrabot/apply: aws/prod/network', state: 'success' });
  });

  it('leaves jobs without a PR alone', async () => {
    const slackJob = job({ pr: undefined, status: 'succeeded', summary: changes() });
    const { reporter, pullRequests } = await prepare(slackJob);

    await reporter.jobStarted(slackJob);
    await reporter.jobFinished(slackJob, { job: slackJob });

    expect(pullRequests.statuses).toEqual([]);
    expect(pullRequests.comments.size).toBe(0);
  });

  it('cuts a long status description to 140 characters', async () => {
    const failed = job({ status: 'failed', reason: 'x'.repeat(300) });
    const { reporter, pullRequests } = await prepare(failed);

    await reporter.jobFinished(failed, { job: failed });

    expect(pullRequests.statuses[0]?.description).toHaveLength(140);
    expect(pullRequests.statuses[0]?.description.endsWith('…')).toBe(true);
  });

  it('shows the order of applies in the overview: layers, and where each stack is in them', async () => {
    const network = job({ action: 'apply', status: 'succeeded', summary: changes() });
    const app = job({
      action: 'apply',
      stack: 'aws/prod/app',
      status: 'waiting',
      order: { upstream: [network.id], replanAt: sha, replan: 'j-test-new' },
    });
    const { store, pullRequests, clock } = await prepare(network, app);
    const stacks = [{ name: 'aws/prod/network' }, { name: 'aws/prod/app', dependsOn: ['aws/prod/network'] }];
    const reporter = reporterOf(store, pullRequests, clock, { ...auto, stacks });

    await reporter.jobFinished(network, { job: network });

    const overview = pullRequests.comment(7, overviewMarker)?.body ?? '';
    expect(overview).toContain('1. `aws/prod/network`\n2. `aws/prod/app`');
    expect(overview).toContain('| layer | stack | result |');
    expect(overview).toContain('| 1 | `aws/prod/network` | ✅ applied |');
    expect(overview).toContain('| 2 | `aws/prod/app` | ⏳ planning again |');
  });

  it('posts one overview when three plans of a PR end together', async () => {
    const ends = ['a', 'b', 'c'].map((name) =>
      job({ stack: `aws/prod/${name}`, status: 'succeeded', summary: changes() }),
    );
    const { reporter, pullRequests } = await prepare(...ends);

    await Promise.all(ends.map((each) => reporter.jobFinished(each, { job: each })));

    const markers = (pullRequests.comments.get(7) ?? []).map((comment) => comment.marker);
    expect(markers.filter((marker) => marker === overviewMarker)).toHaveLength(1);
    expect(new Set(markers).size).toBe(markers.length);
    expect(stackComments(pullRequests)).toHaveLength(3);
  });

  it('refreshes the PR once for ends that come within the batch, reading its jobs and labels once', async () => {
    const ends = ['a', 'b', 'c'].map((name) =>
      job({ stack: `aws/prod/${name}`, status: 'succeeded', summary: changes() }),
    );
    const { reporter, pullRequests, store } = await prepare(...ends);
    let labelSyncs = 0;
    const syncLabels = pullRequests.syncLabels.bind(pullRequests);
    pullRequests.syncLabels = async (...args) => {
      labelSyncs += 1;
      return syncLabels(...args);
    };

    await Promise.all(ends.map((each) => reporter.jobFinished(each, { job: each })));

    const overviewWrites = pullRequests.commentWrites.filter((write) => write.marker === overviewMarker);
    expect(overviewWrites).toHaveLength(1);
    expect(labelSyncs).toBe(1);
    expect(store.leases.size).toBe(0);
  });

  it('lets one of two processes refresh the PR while the other writes only its own stack comment', async () => {
    const [a, b] = ['a', 'b'].map((name) =>
      job({ stack: `aws/prod/${name}`, status: 'succeeded', summary: changes() }),
    );
    if (!a || !b) throw new Error('unreachable');
    const { store, pullRequests, clock } = await prepare(a, b);
    const first = reporterOf(store, pullRequests, clock);
    const second = reporterOf(store, pullRequests, clock);

    await Promise.all([first.jobFinished(a, { job: a }), second.jobFinished(b, { job: b })]);

    const markers = (pullRequests.comments.get(7) ?? []).map((comment) => comment.marker);
    expect(markers.sort()).toEqual([overviewMarker, stackMarker('aws/prod/a'), stackMarker('aws/prod/b')].sort());
    expect(pullRequests.comment(7, overviewMarker)?.body).toContain('aws/prod/b');
  });

  it('reports a PR of more stacks than commentsPerStackMax in one combined comment', async () => {
    const ends = Array.from({ length: 8 }, (_, i) =>
      job({ stack: `aws/prod/s${i}`, status: i === 3 ? 'failed' : 'succeeded', summary: changes(), reason: 'boom' }),
    );
    const { reporter, pullRequests } = await prepare(...ends);

    await Promise.all(ends.map((each) => reporter.jobFinished(each, { job: each, planText: '+ resource' })));

    const comments = pullRequests.comments.get(7) ?? [];
    expect(comments.map((comment) => comment.marker)).toEqual([combinedMarker('plan', 1)]);
    const body = comments[0]?.body ?? '';
    for (const each of ends) expect(body).toContain(`\`${each.stack}\``);
    expect(body.indexOf('❌ plan failed')).toBeLessThan(body.indexOf('📝 changes'));
  });

  it('reports per stack even for many stacks when github.comments is per-stack', async () => {
    const ends = Array.from({ length: 7 }, (_, i) =>
      job({ stack: `aws/prod/s${i}`, status: 'succeeded', summary: changes() }),
    );
    const { store, pullRequests, clock } = await prepare(...ends);
    const reporter = reporterOf(store, pullRequests, clock, { comments: 'per-stack', commentsPerStackMax: 5 });

    await Promise.all(ends.map((each) => reporter.jobFinished(each, { job: each })));

    expect(stackComments(pullRequests)).toHaveLength(7);
    expect(pullRequests.comment(7, overviewMarker)).toBeDefined();
  });
});
