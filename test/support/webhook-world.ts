import { createRequire } from 'node:module';
import { githubRoutes } from '../../adapters/github/github-routes';
import type { Config } from '../../core/config/schema';
import { GitHubReporter } from '../../core/github/github-reporter';
import type { BuildResult } from '../../core/ports';
import { CompositeReporter } from '../../core/reporting/composite-reporter';
import { completeJob } from '../../core/usecases/complete-job';
import { fakeSleep } from '../fakes/fake-sleep';
import { githubWorld } from '../fakes/github-world';
import { SAVED_PLAN } from '../fixtures/saved-plan';
import { webhookSender } from './github-serve';
import { serveRoutes } from './route-server';

export type Example = Record<string, unknown> & { action: string };
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{
  name: string;
  examples: Example[];
}>;

/** A delivery of GitHub's own example payload for `event`.`action`, to be changed by the test. */
export function webhookExample(event: string, action: string): Example {
  const found = examples.find((entry) => entry.name === event)?.examples.find((payload) => payload.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}

/** The `/tf …` comment on PR 1 of Codertocat/Hello-World, the repository of the examples. */
export function prCommentPayload(body: string): Example {
  const payload = webhookExample('issue_comment', 'created') as Example & {
    issue: Record<string, unknown>;
    comment: Record<string, unknown>;
  };
  payload.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
  payload.comment.body = body;
  return payload;
}

/** A plan's JSON whose resource changes are `changes` (address → Terraform's actions). */
export function planJson(changes: Record<string, string[]>): string {
  const resource_changes = Object.entries(changes).map(([address, actions]) => ({
    address,
    mode: 'managed',
    type: address.split('.')[0],
    name: address.split('.')[1],
    provider_name: 'terraform.io/builtin/terraform',
    change: { actions, before: null, after: {} },
  }));
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.11.0', resource_changes });
}

const secret = 'webhook-secret';

/**
 * The GitHub use-case world behind the real webhook route, signed deliveries in, builds that end as the
 * runner reports them (the completion use case with the saved plan and its JSON), and job ends reported on
 * the fake PR by the real GitHub reporter.
 */
export async function webhookWorld(config: Config) {
  const world = githubWorld(config);
  const errors: unknown[] = [];
  // Job ends reach the PR as they do in the bot: comments, statuses and labels, beside the recording.
  const comments = { ...config.github, stacks: config.stacks };
  const sleep = fakeSleep(world.clock);
  const onError = (_activity: string, error: unknown) => errors.push(error);
  const onPr = new GitHubReporter({
    pullRequests: world.pullRequests,
    store: world.store,
    clock: world.clock,
    sleep,
    comments,
    onError,
  });
  const reporter = new CompositeReporter([world.reporter, onPr], onError);
  world.dispatchDeps.reporter = reporter;
  world.completionDeps.reporter = reporter;
  const settings = { webhookSecret: secret, oidc: { issuer: 'http://127.0.0.1:1' } };
  const server = await serveRoutes(githubRoutes({ deps: world.deps, settings, onError }));
  const deliver = webhookSender(`${server.url}/github/webhook`, secret);
  /** The `pull_request` closed delivery of PR `pr` (1 unless given), merged into `mergeSha` by Codertocat. */
  function mergedPayload(mergeSha: string, pr = 1) {
    const payload = webhookExample('pull_request', 'closed') as Example & { pull_request: Record<string, unknown> };
    payload.number = pr;
    payload.pull_request.merged = true;
    payload.pull_request.merge_commit_sha = mergeSha;
    return payload;
  }
  /** Ends the build of the newest started job of `stack`, a plan leaving `changes` when it is one. */
  async function endBuild(stack: string, result: BuildResult, changes: Record<string, string[]> = {}) {
    const spec = world.runner.started.filter((started) => started.job.stack === stack).at(-1);
    if (!spec) throw new Error(`no build of ${stack} started`);
    const { job } = spec;
    if (job.action === 'plan') {
      await world.artifacts.put(job.id, 'plan.json', planJson(changes));
      await world.artifacts.put(job.id, 'tfplan', SAVED_PLAN);
    }
    await world.artifacts.put(job.id, 'log.txt', `${job.action} of ${stack}: ${result}`);
    return completeJob({ jobId: job.id, buildId: `build-${job.id}`, result }, world.completionDeps);
  }
  return { ...world, errors, deliver, endBuild, mergedPayload, stop: server.stop };
}
