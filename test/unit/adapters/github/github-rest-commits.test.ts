import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubRestCommits } from '../../../../adapters/github/github-rest-commits';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';

const sha = '0123456789abcdef0123456789abcdef01234567';
const headOfFeature = '1'.repeat(40);
const onMain = '2'.repeat(40);
const tagged = '3'.repeat(40);
const fromFork = '4'.repeat(40);
let github: RecordingServer;

beforeAll(async () => {
  github = await startRecordingServer((request) => {
    if (request.path === '/repos/example-org/infra/commits/main')
      return { body: sha, headers: { 'content-type': 'text/plain' } };
    if (request.path === `/repos/example-org/infra/commits/${headOfFeature}/branches-where-head`)
      return { body: [{ name: 'feature/x' }] };
    if (request.path.endsWith('/branches-where-head')) return { body: [] };
    if (request.path === `/repos/example-org/infra/compare/${onMain}...trunk`) return { body: { status: 'ahead' } };
    if (request.path.startsWith('/repos/example-org/infra/compare/')) return { body: { status: 'diverged' } };
    if (request.path === '/repos/example-org/infra/tags?per_page=100')
      return { body: [{ name: 'v1', commit: { sha: tagged } }] };
    if (request.path.includes('/commits/broken')) return { status: 500, body: { message: 'oops' } };
    return { status: 404, body: { message: 'No commit found for SHA: nope' } };
  });
});
afterAll(async () => github.close());

describe('GitHubRestCommits', () => {
  it('resolves a branch to its commit with the sha media type and the token', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', token: 'ghs_test', apiUrl: github.url });

    const resolved = await commits.resolve('main');

    expect(resolved).toBe(sha);
    expect(github.requests[0]?.headers).toMatchObject({
      accept: 'application/vnd.github.sha',
      authorization: 'Bearer ghs_test',
    });
  });

  it('answers undefined for a ref that does not exist', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });

    expect(await commits.resolve('feature/missing')).toBeUndefined();
    expect(github.requests.at(-1)?.path).toBe('/repos/example-org/infra/commits/feature%2Fmissing');
  });

  it('throws a coded error when GitHub fails', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });

    await expect(commits.resolve('broken')).rejects.toMatchObject({ code: 'github_unavailable' });
  });

  it('knows a branch head, a commit of the default branch and a tagged commit as on a branch or tag', async () => {
    // Prepare
    const commits = new GitHubRestCommits({
      repository: 'example-org/infra',
      defaultBranch: 'trunk',
      apiUrl: github.url,
    });

    // Act
    const found = await Promise.all(
      [headOfFeature, onMain, tagged].map((candidate) => commits.isOnBranchOrTag(candidate)),
    );

    // Assess
    expect(found).toEqual([true, true, true]);
  });

  it('does not take a commit of a fork, which GitHub resolves in the network, for one on a branch', async () => {
    // Prepare
    const commits = new GitHubRestCommits({
      repository: 'example-org/infra',
      defaultBranch: 'trunk',
      apiUrl: github.url,
    });

    // Act
    const found = await commits.isOnBranchOrTag(fromFork);

    // Assess
    expect(found).toBe(false);
    expect(github.requests.map((request) => request.path)).toContain(
      `/repos/example-org/infra/compare/${fromFork}...trunk`,
    );
  });
});
