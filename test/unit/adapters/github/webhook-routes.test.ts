import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubPullRequests } from '../../../../adapters/github/github-pull-requests';
import { githubRoutes } from '../../../../adapters/github/github-routes';
import { createGitHubClient } from '../../../../adapters/github/octokit';
import { FakeGitHubApi } from '../../../fakes/fake-github-api';
import { githubWorld } from '../../../fakes/github-world';
import { testConfig } from '../../../fixtures/config';
import { eventually, serveRoutes } from '../../../support/route-server';
import { type Example, prCommentPayload, webhookExample } from '../../../support/webhook-world';

const secret = 'webhook-secret';
const headSha = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
/** The examples are deliveries for Codertocat/Hello-World; the PR example changes a stack here. */
const config = testConfig({ repository: 'Codertocat/Hello-World', github: { autoplan: true } });

describe('POST /github/webhook', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  async function start(configuration = config) {
    const world = githubWorld(configuration);
    world.pullRequests.addPull(1, headSha);
    world.pullRequests.addPull(2, headSha);
    world.pullRequests.files.set(1, ['stacks/aws/prod/network/main.tf']);
    world.pullRequests.files.set(2, ['stacks/aws/prod/dns/main.tf']);
    world.pullRequests.permissions.set('Codertocat', 'admin');
    const errors: unknown[] = [];
    const settings = { webhookSecret: secret, oidc: { issuer: 'http://127.0.0.1:1' } };
    const server = await serveRoutes(
      githubRoutes({ deps: world.deps, settings, onError: (_activity, error) => errors.push(error) }),
    );
    stops.push(server.stop);
    async function deliver(event: string, payload: unknown, delivery: string, key = secret) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
      return fetch(`${server.url}/github/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': delivery,
          'x-hub-signature-256': signature,
        },
        body,
      });
    }
    return { ...world, errors, deliver };
  }

  it('answers 202 at once, reacts with eyes, plans and replies for a /tf plan comment', async () => {
    const world = await start();

    const response = await world.deliver('issue_comment', prCommentPayload('/tf plan'), 'd-1');

    expect(response.status).toBe(202);
    await eventually(() => expect(world.pullRequests.replies).toHaveLength(1));
    expect(world.pullRequests.acknowledged).toEqual([492700400]);
    expect(world.runner.started.map((spec) => [spec.job.stack, spec.job.pr, spec.job.requestedBy])).toEqual([
      ['aws/prod/network', 1, { source: 'github', id: 'Codertocat' }],
    ]);
    expect(world.errors).toEqual([]);
  });

  it('refuses a delivery signed with another secret and does nothing', async () => {
    const world = await start();

    const response = await world.deliver('issue_comment', prCommentPayload('/tf plan'), 'd-2', 'wrong-secret');

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'the signature does not match: check GITHUB_WEBHOOK_SECRET' });
    expect(world.pullRequests.acknowledged).toEqual([]);
    expect(world.store.jobs.size).toBe(0);
  });

  it('starts one job for a delivery that arrives several times at once', async () => {
    const world = await start();

    const statuses = await Promise.all(
      [1, 2, 3].map(async () => (await world.deliver('issue_comment', prCommentPayload('/tf plan'), 'd-3b')).status),
    );

    expect(statuses.sort()).toEqual([200, 200, 202]);
    await eventually(() => expect(world.pullRequests.replies).toHaveLength(1));
    expect(world.runner.started).toHaveLength(1);
  });

  it('handles a redelivery of the same delivery only once', async () => {
    const world = await start();

    const first = await world.deliver('issue_comment', prCommentPayload('/tf plan'), 'd-3');
    const second = await world.deliver('issue_comment', prCommentPayload('/tf plan'), 'd-3');

    expect([first.status, second.status]).toEqual([202, 200]);
    await eventually(() => expect(world.pullRequests.replies).toHaveLength(1));
    expect(world.runner.started).toHaveLength(1);
  });

  it('ignores comments on plain issues and events of other repositories', async () => {
    const world = await start();
    const other = await start(testConfig({ repository: 'example-org/infra' }));

    const onIssue = await world.deliver('issue_comment', webhookExample('issue_comment', 'created'), 'd-4');
    const elsewhere = await other.deliver('issue_comment', prCommentPayload('/tf plan'), 'd-5');

    expect(onIssue.status).toBe(200);
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.json()).toEqual({
      ignored: 'events of Codertocat/Hello-World are ignored: infrabot serves example-org/infra',
    });
    expect(world.pullRequests.acknowledged).toEqual([]);
    expect(other.pullRequests.acknowledged).toEqual([]);
  });

  it('autoplans an opened PR and releases its locks when it closes', async () => {
    const world = await start();

    expect((await world.deliver('pull_request', webhookExample('pull_request', 'opened'), 'd-6')).status).toBe(202);
    await eventually(() => expect(world.runner.started).toHaveLength(1));
    const plan = world.runner.started[0]?.job;
    expect(plan).toMatchObject({ stack: 'aws/prod/dns', sha: headSha, pr: 2 });
    await world.finishPlan(plan?.id ?? '');

    expect((await world.deliver('pull_request', webhookExample('pull_request', 'closed'), 'd-7')).status).toBe(202);
    await eventually(() => expect(world.pullRequests.replies).toHaveLength(1));
    expect(await world.store.getLock('aws/prod/dns', world.clock.now())).toBeUndefined();
  });

  it("never autoplans a fork PR's code, even when a maintainer reopens it", async () => {
    const world = await start();
    const payload = webhookExample('pull_request', 'reopened') as Example & {
      number: number;
      pull_request: { head: { sha: string; repo: { full_name: string } } };
    };
    payload.number = 2;
    payload.pull_request.head.sha = headSha;
    payload.pull_request.head.repo.full_name = 'mallory/Hello-World';

    expect((await world.deliver('pull_request', payload, 'd-fork')).status).toBe(202);

    await eventually(() => expect(world.pullRequests.replies).toHaveLength(1));
    expect(world.pullRequests.replies[0]?.body).toContain('this PR comes from a fork');
    expect(world.runner.started).toEqual([]);
  });

  it('answers a ping and says which events it does not handle', async () => {
    const world = await start();

    const ping = await world.deliver('ping', { zen: 'Keep it logically awesome.' }, 'd-8');
    const push = await world.deliver('push', { ref: 'refs/heads/main' }, 'd-9');

    expect(await ping.json()).toEqual({ pong: true });
    expect(await push.json()).toEqual({ ignored: 'infrabot does not handle push events' });
  });
});

describe('POST /github/webhook when GitHub fails', () => {
  it('says on the PR that the command broke and logs the error', async () => {
    const world = githubWorld(config);
    world.pullRequests.addPull(1, headSha);
    world.pullRequests.permissions.set('Codertocat', 'write');
    world.pullRequests.listChangedFiles = async () => {
      throw new Error('GitHub is down');
    };
    const errors: string[] = [];
    const settings = { webhookSecret: secret, oidc: { issuer: 'http://127.0.0.1:1' } };
    const server = await serveRoutes(
      githubRoutes({ deps: world.deps, settings, onError: (activity) => errors.push(activity) }),
    );
    const body = JSON.stringify(prCommentPayload('/tf plan'));

    const response = await fetch(`${server.url}/github/webhook`, {
      method: 'POST',
      headers: {
        'x-github-event': 'issue_comment',
        'x-github-delivery': 'd-err',
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });

    expect(response.status).toBe(202);
    await eventually(() => expect(errors).toEqual(['handling POST /github/webhook']));
    expect(world.pullRequests.replies[0]?.body).toContain('could not be finished because of an unexpected error');
    await server.stop();
  });
});

describe('POST /github/webhook redelivered after GitHub failed', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** The webhook over the real GitHub adapter, talking to a fake GitHub API that can answer 500. */
  async function overGitHubApi() {
    const api = new FakeGitHubApi();
    const apiUrl = await api.start();
    stops.push(() => api.stop());
    api.addWritersPull(1, {
      repository: 'Codertocat/Hello-World',
      login: 'Codertocat',
      headSha: headSha,
      files: ['stacks/aws/prod/network/main.tf'],
    });
    const auth = { kind: 'token', token: 'ghs_test' } as const;
    const octokit = await createGitHubClient({ auth, apiUrl, oidc: { issuer: 'https://x' } }, config.repository, {
      retryAfterBaseMs: 1,
      unpaced: true,
    });
    const world = githubWorld(config);
    const deps = { ...world.deps, pullRequests: new GitHubPullRequests(octokit, config.repository, 1) };
    const errors: string[] = [];
    const settings = { webhookSecret: secret, oidc: { issuer: 'http://127.0.0.1:1' } };
    const server = await serveRoutes(githubRoutes({ deps, settings, onError: (activity) => errors.push(activity) }));
    stops.push(server.stop);
    const body = JSON.stringify(prCommentPayload('/tf plan'));
    const deliver = (delivery: string) =>
      fetch(`${server.url}/github/webhook`, {
        method: 'POST',
        headers: {
          'x-github-event': 'issue_comment',
          'x-github-delivery': delivery,
          'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
        },
        body,
      });
    /** GitHub answers 500 to the PR's files, on the first try and on each of Octokit's retries. */
    const failFiles = () => {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        api.failures.push({
          method: 'GET',
          path: /\/pulls\/1\/files$/,
          status: 500,
          body: { message: 'Server Error' },
        });
      }
    };
    return { ...world, api, errors, deliver, failFiles };
  }

  it('handles again the redelivery of a delivery whose handling failed because GitHub answered 500', async () => {
    // Prepare
    const world = await overGitHubApi();
    world.failFiles();
    const first = await world.deliver('d-500');
    await eventually(() => expect(world.errors).toEqual(['handling POST /github/webhook']));

    // Act
    const redelivered = await world.deliver('d-500');

    // Assess
    expect([first.status, redelivered.status]).toEqual([202, 202]);
    await eventually(() => expect(world.runner.started).toHaveLength(1));
    expect(world.runner.started[0]?.job).toMatchObject({ stack: 'aws/prod/network', pr: 1, sha: headSha });
  });

  it('does nothing on the redelivery of a delivery that was handled', async () => {
    // Prepare
    const world = await overGitHubApi();
    await world.deliver('d-ok');
    await eventually(() => expect(world.runner.started).toHaveLength(1));

    // Act
    const redelivered = await world.deliver('d-ok');

    // Assess
    expect(redelivered.status).toBe(200);
    expect(await redelivered.json()).toEqual({ duplicate: 'd-ok' });
    expect(world.runner.started).toHaveLength(1);
    expect(world.errors).toEqual([]);
  });
});
