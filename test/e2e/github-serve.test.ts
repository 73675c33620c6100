import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHubApi } from '../fakes/fake-github-api';
import { createRepos, tempDir } from '../support/git-repo';
import { exampleRepository, openExamplePull, startGitHubServe } from '../support/github-serve';
import { eventually } from '../support/route-server';
import { writeDemoConfig } from '../support/serve-process';
import { prCommentPayload } from '../support/webhook-world';

const secret = 'e2e-webhook-secret';
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
    openExamplePull(api, repos.firstSha, ['stacks/demo/main.tf']);
    const configPath = writeDemoConfig(tempDir('gh-config'), { repository: exampleRepository });
    const started = await startGitHubServe({ apiUrl, configPath, repoDir: repos.clone, secret });
    child = started.child;

    // Act
    const response = await started.deliver('issue_comment', prCommentPayload('/tf plan'));

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
