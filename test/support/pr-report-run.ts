import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitHubPullRequests } from '../../adapters/github/github-pull-requests';
import { createGitHubClient } from '../../adapters/github/octokit';
import { WritePacer } from '../../adapters/github/write-pacer';
import { GitHubReporter } from '../../core/github/github-reporter';
import { handlePrComment } from '../../core/github/pr-comment';
import { handlePrEvent } from '../../core/github/pr-event';
import type { Job } from '../../core/jobs/job';
import { completeJob } from '../../core/usecases/complete-job';
import { FakeGitHubApi } from '../fakes/fake-github-api';
import type { FakeClock } from '../fakes/fake-ports';
import { fakeSleep } from '../fakes/fake-sleep';
import { githubWorld } from '../fakes/github-world';
import { awsStack, testConfig } from '../fixtures/config';
import { SAVED_PLAN } from '../fixtures/saved-plan';

const plans = join(import.meta.dirname, '..', 'fixtures', 'plans');
const fixture = (name: string) => readFileSync(join(plans, name), 'utf8');
/** Plans of three kinds, so that a PR's stacks destroy, change, or change nothing. */
const planKinds = [
  { json: fixture('real-1.2-mixed.json'), text: fixture('real-1.2-mixed.txt') },
  { json: fixture('real-1.2-destroy.json'), text: fixture('real-1.2-destroy.txt') },
  { json: fixture('real-1.2-no-changes.json'), text: '' },
];

/** The names of `count` stacks that share a module, e.g. `aws/app/svc-07`. */
export function sharedStacks(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `aws/app/svc-${String(i).padStart(2, '0')}`);
}

/** A write pacer that counts the commit statuses it was given, sent or coalesced. */
class StatusCountingPacer extends WritePacer {
  statusesGiven = 0;
  override schedule<T>(lane: string, send: () => Promise<T>, coalesceKey?: string): Promise<T> {
    if (coalesceKey?.startsWith('status#')) this.statusesGiven += 1;
    return super.schedule(lane, send, coalesceKey);
  }
}

/**
 * Waits of the pacer that end only once the test lets writes go (`release`), then move the fake clock: until
 * then the pacer sends its first write and holds the rest.
 */
function heldSleep(clock: FakeClock) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const sleep = async (ms: number) => {
    await released;
    clock.advance(ms);
  };
  return { sleep, release: () => release() };
}

/**
 * A repository whose `count` stacks call `modules/shared`, plus two stacks of their own, with infrabot's
 * GitHub reporting wired for real over HTTP to a fake GitHub API; the write pacer and every wait run on the
 * world's fake clock. With `holdWrites`, the pacer sends one write and holds the others until `releaseWrites`.
 */
export async function prReportRun(count: number, options: { autoplan?: boolean; holdWrites?: boolean } = {}) {
  const names = [...sharedStacks(count), 'aws/prod/network', 'aws/prod/dns'];
  const config = testConfig({
    stacks: names.map((name) => awsStack(name, { appliers: [] })),
    github: { autoplan: options.autoplan ?? false },
  });
  const world = githubWorld(config);
  const api = new FakeGitHubApi();
  api.clock = () => world.clock.now().getTime();
  const apiUrl = await api.start();
  const sleep = fakeSleep(world.clock);
  const held = heldSleep(world.clock);
  if (!options.holdWrites) held.release();
  const pacer = new StatusCountingPacer({ now: () => world.clock.now().getTime(), sleep: held.sleep });
  const errors: Array<{ activity: string; error: unknown }> = [];
  const settings = { auth: { kind: 'token', token: 't0ken' } as const, apiUrl, oidc: { issuer: 'https://x' } };
  const octokit = await createGitHubClient(settings, config.repository, { pacer, retryAfterBaseMs: 1 });
  const pullRequests = new GitHubPullRequests(octokit, config.repository, 1);
  const reporter = new GitHubReporter({
    pullRequests,
    store: world.store,
    clock: world.clock,
    sleep,
    comments: config.github,
    onError: (activity, error) => errors.push({ activity, error }),
  });
  world.dispatchDeps.reporter = reporter;
  world.completionDeps.reporter = reporter;
  const deps = {
    ...world.deps,
    pullRequests,
    affectedStacks: async (files: readonly string[]) =>
      files.some((file) => file.startsWith('modules/shared/'))
        ? sharedStacks(count)
        : names.filter((name) => files.some((file) => file.startsWith(`stacks/${name}/`))),
  };
  let commentId = 5000;

  /** Opens PR `pr` at `sha` changing `files`; `alice` may write. */
  function openPr(pr: number, sha: string, files: readonly string[]) {
    api.pulls.set(pr, {
      number: pr,
      state: 'open',
      merged: false,
      draft: false,
      // A branch of the repository itself, not a fork: a writer's `/tf plan` plans its head.
      head: { sha, ref: `feature-${pr}`, repo: { full_name: config.repository } },
      base: { ref: 'main', repo: { full_name: config.repository } },
      user: { login: 'alice' },
      mergeable: true,
      mergeable_state: 'clean',
      html_url: `https://github.example/pr/${pr}`,
    });
    api.files.set(
      pr,
      files.map((filename) => ({ filename })),
    );
    api.permissions.set('alice', { permission: 'write', role_name: 'write' });
  }

  /** The jobs `act` started. */
  async function started(act: () => Promise<unknown>): Promise<Job[]> {
    const before = world.runner.started.length;
    await act();
    return world.runner.started.slice(before).map((spec) => spec.job);
  }

  /** `alice` comments `body` (`/tf plan` by default) on the PR; returns the jobs it started. */
  function commentPlan(pr: number, body = '/tf plan'): Promise<Job[]> {
    const writtenAt = world.clock.now().toISOString();
    return started(() => handlePrComment({ pr, commentId: commentId++, login: 'alice', body, writtenAt }, deps));
  }

  /** `alice` pushes `sha` to the PR (`synchronize`); returns the jobs autoplan started. */
  function push(pr: number, sha: string): Promise<Job[]> {
    const pull = api.pulls.get(pr);
    const head = pull?.head as Record<string, unknown> | undefined;
    if (pull && head) api.pulls.set(pr, { ...pull, head: { ...head, sha } });
    const at = world.clock.now().toISOString();
    return started(() => handlePrEvent({ action: 'synchronize', pr, headSha: sha, login: 'alice', at }, deps));
  }

  /** Ends the jobs' builds successfully, each with a plan of one of three kinds. */
  async function finish(jobs: readonly Job[]): Promise<void> {
    await Promise.all(
      jobs.map(async (job) => {
        const index = names.indexOf(job.stack);
        const kind = planKinds[index % planKinds.length] ?? planKinds[0];
        await world.artifacts.put(job.id, 'plan.json', kind?.json ?? '');
        // A plan build leaves its saved plan, whose digest the apply checks.
        if (job.action === 'plan') await world.artifacts.put(job.id, 'tfplan', SAVED_PLAN);
        if (kind?.text) await world.artifacts.put(job.id, 'plan.txt', kind.text);
        await completeJob(
          { jobId: job.id, buildId: `build-${job.id}`, result: 'succeeded', logUrl: `https://logs.example/${job.id}` },
          world.completionDeps,
        );
      }),
    );
  }

  /** infrabot's comments on the PR (every comment there is infrabot's). */
  const commentsOf = (pr: number) => api.comments.get(pr) ?? [];

  return {
    world,
    api,
    names,
    reporter,
    pacer,
    /** Failures of writes the reporter sent on without waiting. */
    errors,
    releaseWrites: held.release,
    openPr,
    commentPlan,
    push,
    finish,
    commentsOf,
    stop: () => api.stop(),
  };
}

/** The most writing requests that reached the API in any window of `windowMs` on the test's clock. */
export function busiestWriteWindow(api: FakeGitHubApi, windowMs = 60_000): number {
  const times = api.requests.filter((request) => request.method !== 'GET').map((request) => request.at);
  return Math.max(0, ...times.map((start) => times.filter((at) => at >= start && at <= start + windowMs).length));
}
