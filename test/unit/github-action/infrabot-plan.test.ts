import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { githubRoutes } from '../../../adapters/github/github-routes';
import { githubWorld } from '../../fakes/github-world';
import { nextSha } from '../../fixtures/config';
import { actionEnv, runAction as run } from '../../support/composite-action';
import { startOidcIssuer } from '../../support/oidc-issuer';
import { eventually, serveRoutes } from '../../support/route-server';

const workflow = 'example-org/infra/.github/workflows/plan.yml@refs/pull/7/merge';

describe('the infrabot composite action', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  async function prepare() {
    const issuer = await startOidcIssuer({
      repository: 'example-org/infra',
      ref: 'refs/pull/7/merge',
      job_workflow_ref: workflow,
    });
    const world = githubWorld();
    world.pullRequests.addPull(7, nextSha);
    world.pullRequests.files.set(7, ['stacks/aws/prod/network/main.tf', 'stacks/aws/prod/dns/main.tf']);
    const settings = { oidc: { issuer: issuer.issuer, audience: 'infrabot' } };
    const server = await serveRoutes(githubRoutes({ deps: world.deps, settings, onError: () => {} }));
    stops.push(issuer.stop, server.stop);
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-action-'));
    const env = actionEnv(server.url, issuer, dir);
    return { world, env, dir };
  }

  it('requests the plans with the OIDC token, waits for them and succeeds', async () => {
    const { world, env, dir } = await prepare();

    const running = run(env);
    await eventually(() => expect(world.runner.started).toHaveLength(2));
    for (const spec of world.runner.started) await world.finishPlan(spec.job.id);
    const { code, stdout } = await running;

    expect(code).toBe(0);
    expect(stdout).toContain('aws/prod/network: plan succeeded (+1 ~0 -0 ±0)');
    expect(readFileSync(join(dir, 'output'), 'utf8')).toContain('has-changes=true');
    expect(readFileSync(join(dir, 'summary'), 'utf8')).toContain('| aws/prod/dns | succeeded | 1 | 0 | 0 | 0 |');
    expect(world.runner.started[0]?.job.requestedBy).toEqual({ source: 'actions', id: workflow });
  });

  it('fails the step when a plan fails', async () => {
    const { world, env } = await prepare();

    const running = run({ ...env, INFRABOT_STACKS: 'aws/prod/network' });
    await eventually(() => expect(world.runner.started).toHaveLength(1));
    await world.store.transitionJob(world.runner.started[0]?.job.id ?? '', 'failed', { reason: 'the build failed' });
    const { code, stdout } = await running;

    expect(code).toBe(1);
    expect(stdout).toContain('::error title=infrabot::1 stack(s) did not plan: aws/prod/network');
  });

  it('says to grant id-token: write when the job has no OIDC token', async () => {
    const { env } = await prepare();

    const { code, stdout } = await run({
      ...env,
      ACTIONS_ID_TOKEN_REQUEST_URL: '',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: '',
    });

    expect(code).toBe(1);
    expect(stdout).toContain('give the job "permissions: id-token: write"');
  });
});
