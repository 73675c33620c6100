import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prOfRef } from '../../../../adapters/github/actions-routes';
import { githubHandlers, githubRoutes, matchGitHubRoute } from '../../../../adapters/github/github-routes';
import type { ConfigInput } from '../../../../core/config/schema';
import { githubWorld } from '../../../fakes/github-world';
import { nextSha, testConfig } from '../../../fixtures/config';
import { serveRoutes } from '../../../support/route-server';

const audience = 'infrabot-test';
const workflow = 'example-org/infra/.github/workflows/plan.yml@refs/heads/main';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let jwks: Server;
let issuer: string;
let signingKey: Key;
let strangerKey: Key;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  jwks = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

async function token(
  overrides: { claims?: Record<string, unknown>; key?: Key; exp?: number; nbf?: number; aud?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    repository: 'example-org/infra',
    repository_id: '123456',
    ref: 'refs/pull/7/merge',
    event_name: 'pull_request',
    job_workflow_ref: workflow,
    actor: 'octocat',
    ...overrides.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(issuer)
    .setAudience(overrides.aud ?? audience)
    .setIssuedAt(now - 10)
    .setNotBefore(overrides.nbf ?? now - 10)
    .setExpirationTime(overrides.exp ?? now + 300)
    .sign(overrides.key ?? signingKey);
}

async function start(github: ConfigInput['github'] = {}) {
  const world = githubWorld(testConfig({ github }));
  world.pullRequests.addPull(7, nextSha);
  world.pullRequests.files.set(7, ['stacks/aws/prod/network/main.tf', 'stacks/aws/prod/dns/main.tf']);
  world.pullRequests.addPull(9, otherSha);
  world.pullRequests.files.set(9, ['stacks/aws/prod/network/main.tf']);
  const settings = { oidc: { issuer, audience } };
  const server = await serveRoutes(githubRoutes({ deps: world.deps, settings, onError: () => {} }));
  const post = (body: unknown, bearer?: string) =>
    fetch(`${server.url}/github/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    });
  const getJob = (id: string, bearer: string) =>
    fetch(`${server.url}/github/actions/jobs/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { ...world, post, getJob, stop: server.stop };
}

const planBody = { action: 'plan', pr: 7, sha: nextSha };
/** The head of PR #9, a PR the default token (a run for PR #7) has nothing to do with. */
const otherSha = 'c'.repeat(40);
const otherPrBody = { action: 'plan', pr: 9, sha: otherSha };

describe('POST /github/actions', () => {
  it('plans the affected stacks for a valid token and returns the job ids', async () => {
    const world = await start();

    const response = await world.post(planBody, await token());

    expect(response.status).toBe(202);
    const body = (await response.json()) as { jobs: Array<{ id: string; stack: string }> };
    expect(body.jobs.map((job) => job.stack)).toEqual(['aws/prod/dns', 'aws/prod/network']);
    expect(world.runner.started[0]?.job.requestedBy).toEqual({
      source: 'actions',
      id: workflow,
      triggeredBy: 'octocat',
    });
    await world.stop();
  });

  it.each([
    ['no token', async () => undefined, 'expected Authorization: Bearer'],
    ['an expired token', () => token({ exp: Math.floor(Date.now() / 1000) - 60 }), 'the token has expired'],
    ['a token not valid yet', () => token({ nbf: Math.floor(Date.now() / 1000) + 600 }), 'nbf'],
    ['a token for another audience', () => token({ aud: 'sts.amazonaws.com' }), 'aud'],
    ['a token signed by another key', () => token({ key: strangerKey }), 'signature does not verify'],
    ['a malformed token', async () => 'not.a.jwt', 'not valid'],
    [
      'a token whose repository_id is not a string',
      () => token({ claims: { repository_id: 123456 } }),
      "the token's repository_id claim is not a string",
    ],
  ])('answers 401 to %s and starts nothing', async (_case, makeToken, error) => {
    const world = await start();

    const response = await world.post(planBody, await makeToken());

    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toContain(error);
    expect(world.store.jobs.size).toBe(0);
    await world.stop();
  });

  it('answers 403 to a valid token of another repository and starts nothing', async () => {
    const world = await start();

    const response = await world.post(planBody, await token({ claims: { repository: 'someone/else' } }));

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'tokens of someone/else are not accepted: infrabot serves example-org/infra',
    });
    expect(world.store.jobs.size).toBe(0);
    await world.stop();
  });

  it('answers 403 to workflows and refs outside the allow-lists', async () => {
    const world = await start({ allowedWorkflows: [workflow], allowedRefs: ['refs/pull/7/merge'] });

    const otherWorkflow = await world.post(
      planBody,
      await token({ claims: { job_workflow_ref: 'x/y/.github/workflows/z.yml@main' } }),
    );
    const otherRef = await world.post(planBody, await token({ claims: { ref: 'refs/heads/evil' } }));
    const allowed = await world.post(planBody, await token());

    expect([otherWorkflow.status, otherRef.status, allowed.status]).toEqual([403, 403, 202]);
    expect(world.store.audit.filter((entry) => entry.outcome === 'refused')).toEqual([
      expect.objectContaining({
        actor: { source: 'actions', id: 'x/y/.github/workflows/z.yml@main', triggeredBy: 'octocat' },
        action: 'actions.plan',
        detail: 'the workflow x/y/.github/workflows/z.yml@main is not in github.allowedWorkflows',
      }),
      expect.objectContaining({
        action: 'actions.plan',
        detail: 'the ref refs/heads/evil is not in github.allowedRefs',
      }),
    ]);
    await world.stop();
  });

  it('puts nobody in the audit log for a token that does not verify', async () => {
    const world = await start();

    const response = await world.post(planBody, await token({ key: strangerKey }));

    expect(response.status).toBe(401);
    expect(world.store.audit).toEqual([]);
    await world.stop();
  });

  it('answers 400 naming what is wrong with the body, and 409 for a commit that is not the head', async () => {
    const world = await start();

    const bad = await world.post({ action: 'apply', pr: -1, sha: 'abc' }, await token());
    const stale = await world.post({ ...planBody, sha: 'f'.repeat(40) }, await token());

    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string[] }).error).toEqual([
      'action: expected "action": "plan"',
      'pr: expected "pr": the pull request number',
      'sha: expected "sha": the 40-character head commit of the PR',
    ]);
    expect(stale.status).toBe(409);
    expect(world.store.jobs.size).toBe(0);
    await world.stop();
  });
});

describe('GET /github/actions/jobs/:id', () => {
  it('returns the status and summary of a job to a verified workflow only', async () => {
    const world = await start();
    const bearer = await token();
    const started = (await (await world.post({ ...planBody, stacks: ['aws/prod/network'] }, bearer)).json()) as {
      jobs: Array<{ id: string }>;
    };
    const id = started.jobs[0]?.id ?? '';

    const running = await world.getJob(id, bearer);
    await world.finishPlan(id);
    const finished = await world.getJob(id, bearer);
    const anonymous = await world.getJob(id, 'nope');
    const missing = await world.getJob('j-missing-1', bearer);

    expect(await running.json()).toMatchObject({
      id,
      status: 'running',
      finished: false,
      logUrl: `https://logs.example/${id}`,
    });
    expect(await finished.json()).toMatchObject({
      status: 'succeeded',
      finished: true,
      summary: { hasChanges: true, counts: { create: 1 }, errored: false },
    });
    expect([anonymous.status, missing.status]).toEqual([401, 404]);
    await world.stop();
  });
});

describe('POST /github/actions binds a token to the PR of its run', () => {
  it.each(['refs/pull/9/merge', 'refs/pull/9/head'])('lets a token of %s plan PR #9', async (ref) => {
    const world = await start();

    const response = await world.post(otherPrBody, await token({ claims: { ref } }));

    expect(response.status).toBe(202);
    expect([...world.store.jobs.values()].map((job) => job.pr)).toEqual([9]);
    await world.stop();
  });

  it('refuses with 403 a token of a run for PR #7 that asks to plan PR #9, and queues nothing', async () => {
    const world = await start();

    const response = await world.post(otherPrBody, await token());

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'a token of a run for PR #7 (refs/pull/7/merge) may only plan PR #7, not PR #9',
    });
    expect(world.store.jobs.size).toBe(0);
    expect(world.runner.started).toEqual([]);
    expect(world.store.audit).toEqual([
      expect.objectContaining({
        actor: { source: 'actions', id: workflow, triggeredBy: 'octocat' },
        action: 'actions.plan',
        target: 'PR #9',
        outcome: 'refused',
        detail: 'a token of a run for PR #7 (refs/pull/7/merge) may only plan PR #7, not PR #9',
      }),
    ]);
    await world.stop();
  });

  it('holds a token of a PR ref to its PR even when github.allowedRefs lets the ref in', async () => {
    const world = await start({ allowedRefs: ['refs/pull/*/merge'] });

    const other = await world.post(otherPrBody, await token());
    const own = await world.post(planBody, await token());

    expect([other.status, own.status]).toEqual([403, 202]);
    expect([...world.store.jobs.values()].every((job) => job.pr === 7)).toBe(true);
    await world.stop();
  });

  it('lets a token of a branch plan any PR when github.allowedRefs is not set', async () => {
    const world = await start();

    const response = await world.post(
      otherPrBody,
      await token({ claims: { ref: 'refs/heads/feature', event_name: 'push' } }),
    );

    expect(response.status).toBe(202);
    expect([...world.store.jobs.values()].map((job) => job.pr)).toEqual([9]);
    await world.stop();
  });

  it('lets a token of a branch plan a PR only when github.allowedRefs lists the branch', async () => {
    const world = await start({ allowedRefs: ['refs/pull/*/merge', 'refs/heads/main'] });

    const main = await world.post(
      otherPrBody,
      await token({ claims: { ref: 'refs/heads/main', event_name: 'workflow_dispatch' } }),
    );
    const feature = await world.post(
      planBody,
      await token({ claims: { ref: 'refs/heads/feature', event_name: 'push' } }),
    );

    expect([main.status, feature.status]).toEqual([202, 403]);
    expect(await feature.json()).toEqual({ error: 'the ref refs/heads/feature is not in github.allowedRefs' });
    expect([...world.store.jobs.values()].map((job) => job.pr)).toEqual([9]);
    await world.stop();
  });
});

describe('POST /github/actions and github.repositoryId', () => {
  it('refuses with 403 a token of another repository id, or of none, when github.repositoryId is set', async () => {
    const world = await start({ repositoryId: 123456 });

    const other = await world.post(planBody, await token({ claims: { repository_id: '999' } }));
    const none = await world.post(planBody, await token({ claims: { repository_id: undefined } }));

    expect([other.status, none.status]).toEqual([403, 403]);
    expect(await other.json()).toEqual({
      error: 'tokens of repository id 999 are not accepted: github.repositoryId is 123456',
    });
    expect(await none.json()).toEqual({
      error: 'the token has no repository_id claim, which github.repositoryId (123456) requires',
    });
    expect(world.store.jobs.size).toBe(0);
    expect((await world.post(planBody, await token())).status).toBe(202);
    await world.stop();
  });

  it('ignores the repository_id claim when github.repositoryId is not set', async () => {
    const world = await start();

    const response = await world.post(planBody, await token({ claims: { repository_id: '999' } }));

    expect(response.status).toBe(202);
    await world.stop();
  });
});

describe('POST /github/actions records who started the run', () => {
  it('keeps the workflow as the requester and the GitHub user behind the run, in the job and its audit line', async () => {
    const world = await start();

    const response = await world.post(
      { ...planBody, stacks: ['aws/prod/network'] },
      await token({ claims: { actor: 'mona' } }),
    );

    const id = ((await response.json()) as { jobs: Array<{ id: string }> }).jobs[0]?.id ?? '';
    const requester = { source: 'actions', id: workflow, triggeredBy: 'mona' };
    expect((await world.store.getJob(id))?.requestedBy).toStrictEqual(requester);
    expect(world.store.audit.filter((entry) => entry.outcome === 'accepted')).toEqual([
      expect.objectContaining({ actor: requester, action: 'tf.plan', target: 'aws/prod/network', jobId: id }),
    ]);
    await world.stop();
  });

  it('records no user when the token has no actor claim', async () => {
    const world = await start();

    await world.post({ ...planBody, stacks: ['aws/prod/network'] }, await token({ claims: { actor: undefined } }));

    expect(world.store.audit[0]?.actor).toStrictEqual({ source: 'actions', id: workflow });
    await world.stop();
  });
});

describe('GET /github/actions/jobs/:id for a token of a PR run', () => {
  it('shows the jobs of its own PR only, answering for any other job as for one that does not exist', async () => {
    const world = await start();
    const pr9 = await token({ claims: { ref: 'refs/pull/9/merge' } });
    const started = (await (await world.post(otherPrBody, pr9)).json()) as { jobs: Array<{ id: string }> };
    const id = started.jobs[0]?.id ?? '';
    await world.store.createJob({
      id: 'j-slack-0001',
      action: 'plan',
      stack: 'aws/prod/dns',
      sha: nextSha,
      requestedBy: { source: 'slack', id: 'U012ABCDEF' },
      status: 'queued',
      createdAt: new Date().toISOString(),
    });
    const pr7 = await token();

    const own = await world.getJob(id, pr9);
    const otherPr = await world.getJob(id, pr7);
    const noPr = await world.getJob('j-slack-0001', pr7);
    const missing = await world.getJob('j-missing-1', pr7);
    const branch = await world.getJob(id, await token({ claims: { ref: 'refs/heads/main' } }));

    expect([own.status, otherPr.status, noPr.status, missing.status, branch.status]).toEqual([200, 404, 404, 404, 200]);
    expect(await own.json()).toMatchObject({ id, pr: 9 });
    expect(await otherPr.json()).toEqual({ error: `there is no job ${id} of PR #7` });
    expect(await noPr.json()).toEqual({ error: 'there is no job j-slack-0001 of PR #7' });
    expect(await missing.json()).toEqual({ error: 'there is no job j-missing-1 of PR #7' });
    await world.stop();
  });
});

describe('prOfRef', () => {
  it('reads the PR of a pull_request run from its ref, and none from any other ref', () => {
    expect(prOfRef('refs/pull/12/merge')).toBe(12);
    expect(prOfRef('refs/pull/12/head')).toBe(12);
    expect(prOfRef('refs/heads/main')).toBeUndefined();
    expect(prOfRef('refs/heads/gh-readonly-queue/main/pr-12-0123abcd')).toBeUndefined();
    expect(prOfRef('refs/pull/12/merge/extra')).toBeUndefined();
    expect(prOfRef('refs/pull/012/merge')).toBeUndefined();
    expect(prOfRef(undefined)).toBeUndefined();
  });
});

describe('matchGitHubRoute', () => {
  it('finds the handler and the job id for transports without routing, and builds dependencies on first use', async () => {
    const world = githubWorld();
    let built = 0;
    const handlers = githubHandlers({
      deps: () => {
        built += 1;
        return world.deps;
      },
      settings: { oidc: { issuer, audience } },
    });

    const job = matchGitHubRoute(handlers, 'GET', '/github/actions/jobs/j-abc-123');
    const reply = await job?.handler({
      method: 'GET',
      headers: { authorization: `Bearer ${await token()}` },
      body: '',
      params: job.params,
    });

    expect(job?.params).toEqual({ id: 'j-abc-123' });
    expect(reply?.status).toBe(404);
    expect(built).toBe(1);
    expect(matchGitHubRoute(handlers, 'POST', '/github/webhook')).toBeUndefined();
    expect(matchGitHubRoute(handlers, 'POST', '/github/actions')?.handler).toBe(handlers.actionsPlan);
  });
});

describe('matchGitHubRoute with a malformed path', () => {
  it('matches no route for a job id with broken percent-encoding instead of throwing', () => {
    const handlers = githubHandlers({ deps: githubWorld().deps, settings: { oidc: { issuer, audience } } });

    const match = matchGitHubRoute(handlers, 'GET', '/github/actions/jobs/j-abc-%E0%A4%A');

    expect(match).toBeUndefined();
  });
});
