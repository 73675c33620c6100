import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubRestCommits } from '../../../../adapters/github/github-rest-commits';
import { type RecordingServer, startRecordingServer } from '../../../support/recording-server';

const sha = '0123456789abcdef0123456789abcdef01234567';
const mergedSha = '89abcdef0123456789abcdef0123456789abcdef';
let github: RecordingServer;
/** Where the fake GitHub has `main`; a test moves it. */
let mainAt = sha;

beforeAll(async () => {
  github = await startRecordingServer((request) => {
    if (request.path === '/repos/example-org/infra/commits/main')
      return { body: mainAt, headers: { 'content-type': 'text/plain' } };
    if (request.path.includes('/commits/broken')) return { status: 500, body: { message: 'oops' } };
    return { status: 404, body: { message: 'No commit found for SHA: nope' } };
  });
});
afterAll(async () => github.close());

describe('GitHubRestCommits', () => {
  it('resolves a branch to its commit with the sha media type and the token', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', token: 'ghs_test', apiUrl: github.url });

    const resolved = await commits.resolve('main');

    expect(resolved).toEqual({ ok: true, sha });
    expect(github.requests[0]?.headers).toMatchObject({
      accept: 'application/vnd.github.sha',
      authorization: 'Bearer ghs_test',
    });
  });

  it('asks GitHub on every resolve, so a branch that moved resolves to its new commit', async () => {
    // Prepare
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });
    const before = await commits.resolve('main');
    const asked = github.requests.length;
    mainAt = mergedSha;

    // Act
    const after = await Promise.all([commits.resolve('main'), commits.resolve('main')]);

    // Assess
    mainAt = sha;
    expect(before).toEqual({ ok: true, sha });
    expect(after).toEqual([
      { ok: true, sha: mergedSha },
      { ok: true, sha: mergedSha },
    ]);
    expect(github.requests.length - asked).toBe(2);
  });

  it('says a ref that does not exist is unknown', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });

    expect(await commits.resolve('feature/missing')).toEqual({ ok: false, reason: 'unknown_ref' });
    expect(github.requests.at(-1)?.path).toBe('/repos/example-org/infra/commits/feature%2Fmissing');
  });

  it('says GitHub could not be asked when it fails or cannot be reached', async () => {
    const commits = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: github.url });
    const offline = new GitHubRestCommits({ repository: 'example-org/infra', apiUrl: 'http://127.0.0.1:1' });

    const answers = await Promise.all([commits.resolve('broken'), offline.resolve('main')]);

    expect(answers).toEqual([
      { ok: false, reason: 'repository_unreachable', why: 'GitHub answered 500' },
      { ok: false, reason: 'repository_unreachable', why: expect.stringMatching(/^GitHub could not be reached: /) },
    ]);
  });
});
