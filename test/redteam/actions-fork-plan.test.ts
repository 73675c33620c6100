import { describe, expect, it } from 'vitest';
import { githubRoutes } from '../../adapters/github/github-routes';
import { githubWorld } from '../fakes/github-world';
import { testConfig } from '../fixtures/config';
import { startOidcIssuer } from '../support/oidc-issuer';
import { serveRoutes } from '../support/route-server';

const audience = 'infrabot-redteam';
const forkHead = 'f'.repeat(40);

/** The claims of a `pull_request_target` run of the workflow on main (as docs/github.md allows), started by a fork. */
const pullRequestTargetClaims = {
  repository: 'example-org/infra',
  repository_id: '123456',
  ref: 'refs/heads/main',
  event_name: 'pull_request_target',
  job_workflow_ref: 'example-org/infra/.github/workflows/plan.yml@refs/heads/main',
  actor: 'fork-author',
};

describe('redteam: a fork PR through the Actions endpoint', () => {
  it("plans no fork PR's code for a workflow run that the fork's own push started, with no writer asking", async () => {
    // Prepare: allowedRefs as docs/github.md shows it; PR #11 comes from a fork and touches a stack
    const issuer = await startOidcIssuer(pullRequestTargetClaims);
    const world = githubWorld(
      testConfig({ github: { allowedRefs: ['refs/pull/*/merge', 'refs/heads/main'], repositoryId: 123456 } }),
    );
    world.pullRequests.addPull(11, forkHead, { fromFork: true, author: 'fork-author' });
    world.pullRequests.files.set(11, ['stacks/aws/prod/network/main.tf']);
    const server = await serveRoutes(
      githubRoutes({ deps: world.deps, settings: { oidc: { issuer: issuer.issuer, audience } }, onError: () => {} }),
    );
    const minted = await fetch(`${issuer.requestUrl}&audience=${audience}`, {
      headers: { authorization: `bearer ${issuer.requestToken}` },
    });
    const { value: token } = (await minted.json()) as { value: string };

    // Act: the workflow on main, run for the fork's push, asks infrabot to plan the fork's head
    const response = await fetch(`${server.url}/github/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'plan', pr: 11, sha: forkHead }),
    });
    await server.stop();
    await issuer.stop();

    // Assess: the fork's code is never planned this way (a writer's PR comment is the only door)
    expect(response.status).not.toBe(202);
    expect(world.runner.started).toEqual([]);
  });
});
