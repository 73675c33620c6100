import { describe, expect, it } from 'vitest';
import { GitHubReporter } from '../../../../core/github/github-reporter';
import type { Job } from '../../../../core/jobs/job';
import { FakePullRequests } from '../../../fakes/fake-pull-requests';
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

async function prepare(...jobs: Job[]) {
  const store = new MemoryStore();
  for (const each of jobs) await store.createJob(each);
  const pullRequests = new FakePullRequests();
  return { store, pullRequests, reporter: new GitHubReporter({ pullRequests, store }) };
}

describe('GitHubReporter', () => {
  it('sets a pending status linking to the log when a PR job starts', async () => {
    const running = job({});
    const { reporter, pullRequests } = await prepare(running);

    await reporter.jobStarted(running);

    expect(pullRequests.statuses).toEqual([
      {
        sha,
        context: 'infrabot/plan: aws/prod/network',
        state: 'pending',
        description: 'plan running',
        targetUrl: running.build?.logUrl,
      },
    ]);
  });

  it('posts the plan comment, a success status with the counts and the changes label', async () => {
    const done = job({ status: 'succeeded', summary: changes({ create: 2, update: 1 }) });
    const { reporter, pullRequests } = await prepare(done);

    await reporter.jobFinished(done, { job: done, planText: 'password = hunter2\n  + resource' });

    expect(pullRequests.statuses[0]).toMatchObject({
      state: 'success',
      description: 'Plan: 2 to add, 1 to change, 0 to destroy.',
    });
    const [posted] = pullRequests.stackComments;
    expect(posted).toMatchObject({ pr: 7, stack: 'aws/prod/network', sha });
    expect(posted?.body.startsWith('<!-- infrabot:stack=aws/prod/network -->')).toBe(true);
    expect(posted?.body).not.toContain('hunter2');
    expect(pullRequests.labels.get(7)).toEqual(['infrabot:changes']);
    expect(pullRequests.overviews).toEqual([]);
  });

  it('keeps an overview and the destroy label in step across the stacks of the PR', async () => {
    const network = job({ status: 'succeeded', summary: changes({ create: 0, replace: 1 }) });
    const dns = job({ stack: 'aws/prod/dns', status: 'succeeded', summary: noChanges() });
    const { reporter, pullRequests } = await prepare(network, dns);

    await reporter.jobFinished(dns, { job: dns });

    expect(pullRequests.labels.get(7)).toEqual(['infrabot:destroy', 'infrabot:changes']);
    const overview = pullRequests.overviews[0]?.body ?? '';
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
    const body = pullRequests.stackComments[0]?.body ?? '';
    expect(body).toContain('❌ plan failed');
    expect(body).toContain('Error: bad');
    expect(body).not.toContain('AKIAABCDEFGHIJKLMNOP');
  });

  it('posts an apply result as a new comment that is never taken for the plan comment', async () => {
    const applied = job({ action: 'apply', status: 'succeeded', summary: changes() });
    const { reporter, pullRequests } = await prepare(applied);

    await reporter.jobFinished(applied, { job: applied });

    expect(pullRequests.stackComments).toEqual([]);
    expect(pullRequests.replies[0]?.body.startsWith('<!-- infrabot:apply=aws/prod/network -->')).toBe(true);
    expect(pullRequests.statuses[0]).toMatchObject({ context: 'infrabot/apply: aws/prod/network', state: 'success' });
  });

  it('leaves jobs without a PR alone', async () => {
    const slackJob = job({ pr: undefined, status: 'succeeded', summary: changes() });
    const { reporter, pullRequests } = await prepare(slackJob);

    await reporter.jobStarted(slackJob);
    await reporter.jobFinished(slackJob, { job: slackJob });

    expect(pullRequests.statuses).toEqual([]);
    expect(pullRequests.stackComments).toEqual([]);
  });

  it('cuts a long status description to 140 characters', async () => {
    const failed = job({ status: 'failed', reason: 'x'.repeat(300) });
    const { reporter, pullRequests } = await prepare(failed);

    await reporter.jobStarted(failed);

    expect(pullRequests.statuses[0]?.description).toHaveLength(140);
    expect(pullRequests.statuses[0]?.description.endsWith('…')).toBe(true);
  });
});
