import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHubApi } from '../fakes/fake-github-api';
import { commitFiles, createRepos, tempDir } from '../support/git-repo';
import { openExamplePull, exampleRepository as repository, startGitHubServe } from '../support/github-serve';
import { eventually } from '../support/route-server';
import { prCommentPayload, webhookExample } from '../support/webhook-world';

const secret = 'e2e-webhook-secret';

let child: ChildProcess | undefined;
let api: FakeGitHubApi | undefined;

afterEach(async () => {
  child?.kill('SIGTERM');
  await api?.stop();
});

/**
 * Two stacks of `terraform_data` on local backends: `network` outputs its id, `app` reads it through
 * `terraform_remote_state` (so its plan changes once network is applied).
 */
function twoStacks(options: { networkApplyFails?: boolean } = {}) {
  const states = tempDir('ordered-states');
  const network = join(states, 'network.tfstate');
  const app = join(states, 'app.tfstate');
  // An empty state for network at first: terraform_remote_state needs the file to exist.
  const empty = {
    version: 4,
    terraform_version: '1.11.0',
    serial: 0,
    lineage: 'e2e-network',
    outputs: {},
    resources: [],
  };
  writeFileSync(network, JSON.stringify(empty));
  const backend = (path: string) => `terraform {\n  backend "local" {\n    path = "${path}"\n  }\n}\n`;
  // A provisioner runs only on apply: the plan succeeds, the apply fails.
  const failing = options.networkApplyFails ? '  provisioner "local-exec" {\n    command = "exit 1"\n  }\n' : '';
  const repos = createRepos({
    'stacks/network/main.tf':
      `${backend(network)}\nresource "terraform_data" "vpc" {\n  input = "vpc-1"\n${failing}}\n\n` +
      'output "vpc" {\n  value = terraform_data.vpc.output\n}\n',
    'stacks/app/main.tf':
      `${backend(app)}\ndata "terraform_remote_state" "network" {\n  backend = "local"\n  config = { path = "${network}" }\n}\n\n` +
      'resource "terraform_data" "app" {\n  input = try(data.terraform_remote_state.network.outputs.vpc, "no network yet")\n}\n',
  });
  return { repos, states: { network, app } };
}

function writeConfig(dir: string, networkApplyOn: 'comment' | 'merge'): string {
  const roles = '    roles: { plan: "arn:aws:iam::123456789012:role/p", apply: "arn:aws:iam::123456789012:role/a" }';
  const path = join(dir, 'infrabot.yaml');
  writeFileSync(
    path,
    [
      `repository: ${repository}`,
      'stacks:',
      '  - name: network',
      '    dir: stacks/network',
      '    provider: aws',
      roles,
      `    applyOn: ${networkApplyOn}`,
      '  - name: app',
      '    dir: stacks/app',
      '    provider: aws',
      roles,
      '    dependsOn: [network]',
      `    applyOn: ${networkApplyOn}`,
    ].join('\n'),
  );
  return path;
}

async function serve(repoDir: string, headSha: string, applyOn: 'comment' | 'merge') {
  api = new FakeGitHubApi();
  const apiUrl = await api.start();
  openExamplePull(api, headSha, ['stacks/network/main.tf', 'stacks/app/main.tf'], 'octocat');
  const configPath = writeConfig(tempDir('ordered-config'), applyOn);
  const started = await startGitHubServe({ apiUrl, configPath, repoDir, secret });
  child = started.child;
  return { api, deliver: started.deliver };
}

/** Both stacks on a PR, planned by a `/tf plan` comment, each plan with its change. */
async function planned(applyOn: 'comment' | 'merge', options: { networkApplyFails?: boolean }) {
  const { repos, states } = twoStacks(options);
  const { api: fake, deliver } = await serve(repos.clone, repos.firstSha, applyOn);
  await deliver('issue_comment', prCommentPayload('/tf plan'));
  await eventually(() => expect(commentOf(fake, '<!-- infrabot:stack=app -->')).toContain('1 to add'), 90_000);
  await eventually(() => expect(commentOf(fake, '<!-- infrabot:stack=network -->')).toContain('1 to add'), 90_000);
  return { repos, states, fake, deliver };
}

const statusLines = (fake: FakeGitHubApi) => fake.statuses.map((status) => `${status.context} ${status.state}`);
const commentOf = (fake: FakeGitHubApi, marker: string) =>
  (fake.comments.get(1) ?? []).find((comment) => comment.body.startsWith(marker))?.body ?? '';
const appInput = (statePath: string) =>
  JSON.parse(readFileSync(statePath, 'utf8')).resources[0].instances[0].attributes.input as string;

describe('infrabot serve applying stacks in order, with the real terraform', () => {
  it('applies network first, plans app again with its new output, then applies app', async () => {
    // Prepare: both stacks planned on the PR
    const { states, fake, deliver } = await planned('comment', {});

    // Act
    await deliver('issue_comment', prCommentPayload('/tf apply'));

    // Assess: app's apply ran after network's, on a plan made after it, and read network's new output
    await eventually(() => expect(commentOf(fake, '<!-- infrabot:apply=app -->')).toContain('app'), 120_000);
    const lines = statusLines(fake);
    expect(lines.indexOf('infrabot/apply: network success')).toBeGreaterThan(-1);
    // A pending status still waiting for its turn is replaced by the result: the new plan's result is what is sure.
    expect(lines.lastIndexOf('infrabot/plan: app success')).toBeGreaterThan(
      lines.indexOf('infrabot/apply: network success'),
    );
    expect(lines.at(-1)).toBe('infrabot/apply: app success');
    expect(appInput(states.app)).not.toBe('no network yet');
    const overview = commentOf(fake, '<!-- infrabot:overview -->');
    expect(overview).toContain('1. `network`\n2. `app`');
  }, 240_000);

  it("never starts app when network's apply fails, and app's comment names network", async () => {
    // Prepare
    const { states, fake, deliver } = await planned('comment', { networkApplyFails: true });

    // Act
    await deliver('issue_comment', prCommentPayload('/tf apply'));

    // Assess
    await eventually(() => expect(commentOf(fake, '<!-- infrabot:apply=app -->')).toContain('cancelled'), 120_000);
    expect(commentOf(fake, '<!-- infrabot:apply=network -->')).toContain('apply failed');
    expect(commentOf(fake, '<!-- infrabot:apply=app -->')).toMatch(
      /not applied: app depends on network, and its apply j-\S+ failed/,
    );
    expect(statusLines(fake).filter((line) => line === 'infrabot/plan: app success')).toHaveLength(1);
    expect(statusLines(fake)).not.toContain('infrabot/apply: app pending');
    expect(existsSync(states.app) ? readFileSync(states.app, 'utf8') : '').not.toContain('terraform_data');
  }, 240_000);

  it('applies the merge commit of a merged PR with no comment, network before app', async () => {
    // Prepare: planned on the PR, then merged: the merge commit is on main upstream
    const { repos, states, fake, deliver } = await planned('merge', {});
    const mergeSha = commitFiles(repos.upstream, { 'README.md': 'merged\n' }, 'Merge pull request #1');
    const merged = webhookExample('pull_request', 'closed') as unknown as Record<string, unknown> & {
      pull_request: Record<string, unknown>;
    };
    merged.number = 1;
    merged.pull_request.merged = true;
    merged.pull_request.merge_commit_sha = mergeSha;

    // Act
    const response = await deliver('pull_request', merged);

    // Assess
    expect(response.status).toBe(202);
    await eventually(() => expect(statusLines(fake).at(-1)).toBe('infrabot/apply: app success'), 180_000);
    const onMerge = fake.statuses.filter((status) => status.sha === mergeSha).map((s) => `${s.context} ${s.state}`);
    expect(onMerge.filter((line) => line.endsWith('success'))).toEqual([
      'infrabot/plan: network success',
      'infrabot/apply: network success',
      'infrabot/plan: app success',
      'infrabot/apply: app success',
    ]);
    expect(appInput(states.app)).not.toBe('no network yet');
    const replies = (fake.comments.get(1) ?? []).map((comment) => comment.body).join('\n');
    expect(replies).toContain(`merged at \`${mergeSha.slice(0, 7)}\`: applying on merge`);
  }, 240_000);
});
