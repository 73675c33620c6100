import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubRestCommits } from '../../../../adapters/github/github-rest-commits';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';

const sha = '0123456789abcdef0123456789abcdef01234567';
const headOfFeature = '1'.repeat(40);
const onMain = '2'.repeat(40);
const tagged = '3'.repeat(40);
const fromFork = '4'.repeat(40);
let github: RecordingServer;
/** Where `main` is on GitHub; a test moves it as a merge would. */
let mainHead = sha;

beforeAll(async () => {
  github = await startRecordingServer((request) => {
    if (request.path === '/repos/example-org/infra/commits/main')
      return { body: mainHead, headers: { 'content-type': 'text/plain' } };
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

    expect(resolved).toEqual({ status: 'found', sha });
    expect(github.requests[0]?.headers).toMatchObject({
      accept: 'application/vnd.github.sha',
      authorization: 'Bearer ghs_test',
    });
  });

  it('asks GitHub again on every resolve, so a branch moved since the last answer resolves to its new head', async () => {
    // Prepare
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });
    const first = await commits.resolve('main');
    mainHead = 'a'.repeat(40);

    // Act
    const second = await commits.resolve('main').finally(() => {
      mainHead = sha;
    });

    // Assess
    expect(first).toEqual({ status: 'found', sha });
    expect(second).toEqual({ status: 'found', sha: 'a'.repeat(40) });
  });

  it('answers missing for a ref that does not exist', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });

    expect(await commits.resolve('feature/missing')).toEqual({ status: 'missing' });
    expect(github.requests.at(-1)?.path).toBe('/repos/example-org/infra/commits/feature%2Fmissing');
  });

  it('answers that GitHub could not be reached when it fails, naming the status, rather than guessing', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });

    expect(await commits.resolve('broken')).toEqual({
      status: 'unreachable',
      why: 'resolving ref "broken" on GitHub: status 500',
    });
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
