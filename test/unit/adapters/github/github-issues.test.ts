import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubIssues } from '../../../../adapters/github/github-issues';
import { createGitHubClient } from '../../../../adapters/github/octokit';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';

/** GitHub's issues API on a recording server: one open drift issue (#12) and a PR that carries the label (#13). */
function answer(request: { method: string; path: string }) {
  if (request.method === 'GET' && request.path.startsWith('/repos/example-org/infra/issues?')) {
    return {
      body: [
        { number: 13, title: 'Drift: aws/prod/network', pull_request: { url: 'https://x' } },
        { number: 12, title: 'Drift: aws/prod/network' },
        { number: 11, title: 'Drift: aws/prod/dns' },
      ],
    };
  }
  if (request.method === 'POST' && request.path === '/repos/example-org/infra/issues') {
    return { status: 201, body: { number: 42 } };
  }
  return { status: 200, body: {} };
}

describe('GitHubIssues', () => {
  let server: RecordingServer;
  let issues: GitHubIssues;

  beforeEach(async () => {
    server = await startRecordingServer(answer);
    const settings = {
      auth: { kind: 'token', token: 't0ken' } as const,
      apiUrl: server.url,
      oidc: { issuer: 'https://x' },
    };
    const octokit = await createGitHubClient(settings, 'example-org/infra', { retryAfterBaseMs: 1, unpaced: true });
    issues = new GitHubIssues(octokit, 'example-org/infra');
  });

  afterEach(() => server.close());

  const made = () => server.requests.map((request) => [request.method, request.path, request.body]);

  it('finds the open issue with the title and label, never a pull request', async () => {
    const found = await issues.findOpenIssue('Drift: aws/prod/network', 'infrabot:drift');

    expect(found).toBe(12);
    expect(made()).toEqual([
      ['GET', '/repos/example-org/infra/issues?state=open&labels=infrabot%3Adrift&per_page=100', ''],
    ]);
  });

  it('opens an issue with its label, updates its body, and closes it after a comment', async () => {
    const opened = await issues.openIssue({ title: 'Drift: aws/prod/dns', body: 'drifted', label: 'infrabot:drift' });
    await issues.updateIssue(opened, 'drifted more');
    await issues.closeIssue(opened, 'Back in sync.');

    expect(opened).toBe(42);
    expect(made().map(([method, path, body]) => [method, path, JSON.parse(String(body))])).toEqual([
      [
        'POST',
        '/repos/example-org/infra/issues',
        { title: 'Drift: aws/prod/dns', body: 'drifted', labels: ['infrabot:drift'] },
      ],
      ['PATCH', '/repos/example-org/infra/issues/42', { body: 'drifted more' }],
      ['POST', '/repos/example-org/infra/issues/42/comments', { body: 'Back in sync.' }],
      ['PATCH', '/repos/example-org/infra/issues/42', { state: 'closed' }],
    ]);
  });
});
