import { describe, expect, it } from 'vitest';
import { githubRoutes } from '../../../../adapters/github/github-routes';
import { githubWorld } from '../../../fakes/github-world';
import { testConfig } from '../../../fixtures/config';
import { startOidcIssuer } from '../../../support/oidc-issuer';
import { serveRoutes } from '../../../support/route-server';

const audience = 'infrabot-forks';
const forkHead = 'f'.repeat(40);
const workflowOnMain = 'example-org/infra/.github/workflows/plan.yml@refs/heads/main';

/** The claims of a `pull_request_target` run of the workflow on main, started by a fork's push. */
const pullRequestTargetClaims = {
  repository: 'example-org/infra',
  repository_id: '123456',
  ref: 'refs/heads/main',
  event_name: 'pull_request_target',
  job_workflow_ref: workflowOnMain,
  actor: 'fork-author',
};

/** PR #11 from a fork, touching a stack; a token minted by the stand-in OIDC issuer for a run with `claims`. */
async function forkPrAndToken(claims: Record<string, unknown>) {
  const issuer = await startOidcIssuer(claims);
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
  const askToPlanPr11 = async () => {
    const response = await fetch(`${server.url}/github/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'plan', pr: 11, sha: forkHead }),
    });
    await server.stop();
    await issuer.stop();
    return { status: response.status, body: (await response.json()) as { error?: string } };
  };
  return { world, askToPlanPr11 };
}

describe('POST /github/actions and pull requests from forks', () => {
  it("plans no fork PR's code for a pull_request_target run the fork's push started, names the PR-comment route and audits the refusal", async () => {
    // Prepare
    const { world, askToPlanPr11 } = await forkPrAndToken(pullRequestTargetClaims);

    // Act
    const response = await askToPlanPr11();

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.error).toBe(
      "PR #11 comes from a fork: a workflow run never plans a fork's code, since its plan runs that code with the " +
        "stack's plan role and no writer asked. After reviewing the changes, someone with write permission can " +
        'comment `/tf plan` on the PR.',
    );
    expect(world.runner.started).toEqual([]);
    expect(world.store.audit).toEqual([
      expect.objectContaining({
        actor: { source: 'actions', id: workflowOnMain, triggeredBy: 'fork-author' },
        action: 'actions.plan',
        target: 'PR #11',
        outcome: 'refused',
        detail: expect.stringContaining('PR #11 comes from a fork'),
      }),
    ]);
  });

  it("plans no fork PR's code for a token of the PR's own run either", async () => {
    // Prepare: a pull_request run for PR #11, where the repository lets fork runs have tokens
    const { world, askToPlanPr11 } = await forkPrAndToken({
      ...pullRequestTargetClaims,
      ref: 'refs/pull/11/merge',
      event_name: 'pull_request',
      job_workflow_ref: 'example-org/infra/.github/workflows/plan.yml@refs/pull/11/merge',
    });

    // Act
    const response = await askToPlanPr11();

    // Assess
    expect(response.status).toBe(403);
    expect(world.runner.started).toEqual([]);
  });
});
