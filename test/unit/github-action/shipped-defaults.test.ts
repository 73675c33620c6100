import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubRoutes } from '../../../adapters/github/github-routes';
import { readGitHubSettings } from '../../../adapters/github/settings';
import { ConfigSchema } from '../../../core/config/schema';
import { githubWorld } from '../../fakes/github-world';
import { nextSha } from '../../fixtures/config';
import { actionEnv, runAction } from '../../support/composite-action';
import { tempDir } from '../../support/git-repo';
import { startOidcIssuer } from '../../support/oidc-issuer';
import { eventually, serveRoutes } from '../../support/route-server';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The example workflow of docs/github.md, its file path and its parsed YAML. */
function exampleWorkflow(): { path: string; workflow: { on: Record<string, unknown>; jobs: Record<string, Job> } } {
  const block = /```yaml\n# (\.github\/workflows\/[\w.-]+\.yml)\n([\s\S]*?)```/.exec(read('docs/github.md'));
  if (!block?.[1] || !block[2]) throw new Error('docs/github.md has no example workflow block');
  return { path: block[1], workflow: parse(block[2]) };
}

type Job = { steps: { uses?: string; with?: Record<string, string> }[] };

describe('the shipped defaults', () => {
  const stops: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it("accept a plan request from docs/github.md's example workflow, run for a pull request, through the composite action's audience", async () => {
    // Prepare
    const config = ConfigSchema.parse(parse(read('infrabot.yaml')));
    const { path, workflow } = exampleWorkflow();
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const step = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .find((candidate) => candidate.uses?.includes('/.github/actions/infrabot@'));
    const action = parse(read('.github/actions/infrabot/action.yml')) as {
      inputs: { audience: { default: string } };
    };
    const audience = step?.with?.audience ?? action.inputs.audience.default;
    // What GitHub puts in the token of a pull_request run of that workflow in the configured repository.
    const ref = 'refs/pull/7/merge';
    const issuer = await startOidcIssuer({
      repository: config.repository,
      repository_owner: config.repository.split('/')[0],
      ...(config.github.repositoryId !== undefined ? { repository_id: String(config.github.repositoryId) } : {}),
      ref,
      event_name: 'pull_request',
      workflow_ref: `${config.repository}/${path}@${ref}`,
      job_workflow_ref: `${config.repository}/${path}@${ref}`,
      actor: 'octocat',
    });
    const settings = readGitHubSettings({ GITHUB_TOKEN: 'ghp_test', INFRABOT_OIDC_ISSUER: issuer.issuer });
    if (!settings) throw new Error('no GitHub settings');
    const world = githubWorld(config);
    world.pullRequests.addPull(7, nextSha);
    world.pullRequests.files.set(7, [`${config.stacks[0]?.dir}/main.tf`]);
    const server = await serveRoutes(githubRoutes({ deps: world.deps, settings, onError: () => {} }));
    stops.push(issuer.stop, server.stop);
    const dir = tempDir('shipped-defaults');

    // Act
    const running = runAction({ ...actionEnv(server.url, issuer, dir), INFRABOT_AUDIENCE: audience });
    await eventually(() => expect(world.runner.started).toHaveLength(1));
    for (const spec of world.runner.started) await world.finishPlan(spec.job.id);
    const { code, stdout } = await running;

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(`${config.stacks[0]?.name}: plan succeeded`);
    expect(world.runner.started[0]?.job.requestedBy).toEqual({
      source: 'actions',
      id: `${config.repository}/${path}@${ref}`,
      triggeredBy: 'octocat',
    });
  });
});
