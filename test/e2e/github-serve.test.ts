import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHubApi } from '../fakes/fake-github-api';
import { createRepos, tempDir } from '../support/git-repo';
import { eventually } from '../support/route-server';
import { startServe, writeDemoConfig } from '../support/serve-process';

const secret = 'e2e-webhook-secret';
type Example = { action: string; issue: Record<string, unknown>; comment: Record<string, unknown> };
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as Array<{
  name: string;
  examples: Example[];
}>;

let child: ChildProcess | undefined;
let api: FakeGitHubApi | undefined;

afterEach(async () => {
  child?.kill('SIGTERM');
  await api?.stop();
});

describe('infrabot serve with GitHub', () => {
  it('plans a PR with the real terraform on a /tf plan comment and reports on the PR', async () => {
    // Prepare
    const backend = join(tempDir('gh-backend'), 'terraform.tfstate');
    const repos = createRepos({
      'stacks/demo/main.tf': `terraform {\n  backend "local" {\n    path = "${backend}"\n  }\n}\n\nresource "terraform_data" "web" {\n  input = "v1"\n}\n`,
    });
    api = new FakeGitHubApi();
    const apiUrl = await api.start();
    api.addWritersPull(1, {
      repository: 'Codertocat/Hello-World',
      login: 'Codertocat',
      headSha: repos.firstSha,
      files: ['stacks/demo/main.tf'],
    });
    const dir = tempDir('gh-serve');
    const started = await startServe({
      SLACK_SIGNING_SECRET: 'unused',
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_API_URL: `${apiUrl}/slack/`,
      PORT: '0',
      INFRABOT_CONFIG: writeDemoConfig(dir, { repository: 'Codertocat/Hello-World' }),
      INFRABOT_STATE: join(dir, 'state', 'state.db'),
      INFRABOT_REPO_DIR: repos.clone,
      GITHUB_TOKEN: 'ghp_e2e',
      GITHUB_API_URL: apiUrl,
      GITHUB_WEBHOOK_SECRET: secret,
      TF_CLI_CONFIG_FILE: '/dev/null',
      CHECKPOINT_DISABLE: '1',
    });
    child = started.child;
    const payload = structuredClone(
      examples.find((entry) => entry.name === 'issue_comment')?.examples.find((e) => e.action === 'created'),
    );
    if (!payload) throw new Error('no issue_comment example');
    payload.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
    payload.comment.body = '/tf plan';
    const body = JSON.stringify(payload);

    // Act
    const response = await fetch(`http://127.0.0.1:${started.port}/github/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issue_comment',
        'x-github-delivery': 'e2e-1',
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });

    // Assess: acked, eyes, a reply, then the plan comment, a success status and the changes label
    expect(response.status).toBe(202);
    const fake = api;
    await eventually(() => expect(fake.labels.get(1)).toEqual(['infrabot:changes']), 60_000);
    expect(fake.reactions).toEqual([{ commentId: 492700400, content: 'eyes' }]);
    const comments = (fake.comments.get(1) ?? []).map((comment) => comment.body);
    expect(comments.some((text) => text.includes('plan j-') && text.includes('queued'))).toBe(true);
    const planComment = comments.find((text) => text.startsWith('<!-- infrabot:stack=local/demo -->')) ?? '';
    expect(planComment).toContain(`<!-- infrabot:sha=${repos.firstSha} -->`);
    expect(fake.statuses.at(-1)).toMatchObject({ context: 'infrabot/plan: local/demo', state: 'success' });
    expect(fake.statuses.at(-1)?.description).toContain('1 to add');
    // A local run's log is a file; the status links to the job's signed page instead.
    expect(fake.statuses.at(-1)?.target_url).toMatch(/^http:\/\/localhost:\d+\/jobs\/j-[^?]+\?exp=\d+&sig=/);
  }, 120_000);
});
