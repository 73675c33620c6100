import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubRoutes } from '../../adapters/github/github-routes';
import { githubWorld } from '../fakes/github-world';
import { testConfig } from '../fixtures/config';
import { serveRoutes } from '../support/route-server';

const audience = 'infrabot-redteam';
/** A workflow on main, as docs/github.md suggests allowing: it runs on `pull_request_target`. */
const workflow = 'example-org/infra/.github/workflows/plan.yml@refs/heads/main';
const forkHead = 'f'.repeat(40);

let jwks: Server;
let issuer: string;
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'redteam-key', alg: 'RS256', use: 'sig' };
  jwks = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

/** The token GitHub gives a `pull_request_target` run of the workflow on main, which the fork's author started. */
function pullRequestTargetToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    repository: 'example-org/infra',
    repository_id: '123456',
    ref: 'refs/heads/main',
    event_name: 'pull_request_target',
    job_workflow_ref: workflow,
    actor: 'fork-author',
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'redteam-key' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now - 10)
    .setNotBefore(now - 10)
    .setExpirationTime(now + 300)
    .sign(signingKey);
}

describe('redteam: a fork PR through the Actions endpoint', () => {
  it("plans no fork PR's code for a workflow run that the fork's own push started, with no writer asking", async () => {
    // Prepare: allowedRefs as docs/github.md shows it; PR #11 comes from a fork and touches a stack
    const world = githubWorld(
      testConfig({ github: { allowedRefs: ['refs/pull/*/merge', 'refs/heads/main'], repositoryId: 123456 } }),
    );
    world.pullRequests.addPull(11, forkHead, { fromFork: true, author: 'fork-author' });
    world.pullRequests.files.set(11, ['stacks/aws/prod/network/main.tf']);
    const server = await serveRoutes(
      githubRoutes({ deps: world.deps, settings: { oidc: { issuer, audience } }, onError: () => {} }),
    );

    // Act: the workflow on main, run for the fork's push, asks infrabot to plan the fork's head
    const response = await fetch(`${server.url}/github/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await pullRequestTargetToken()}` },
      body: JSON.stringify({ action: 'plan', pr: 11, sha: forkHead }),
    });
    await server.stop();

    // Assess: the fork's code is never planned this way (a writer's PR comment is the only door)
    expect(response.status).not.toBe(202);
    expect(world.runner.started).toEqual([]);
  });
});
