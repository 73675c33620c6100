import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubPullRequests } from '../../../../adapters/github/github-pull-requests';
import { createGitHubClient } from '../../../../adapters/github/octokit';
import { WritePacer } from '../../../../adapters/github/write-pacer';
import { managedLabels } from '../../../../core/github/pull-request';
import { FakeGitHubApi } from '../../../fakes/fake-github-api';
import { FakeClock } from '../../../fakes/fake-ports';
import { fakeSleep } from '../../../fakes/fake-sleep';

const shaA = 'a'.repeat(40);
const shaB = 'b'.repeat(40);
const stackBody = (stack: string, text: string) => `<!-- infrabot:stack=${stack} -->\n## ${stack}\n${text}`;

describe('GitHubPullRequests', () => {
  let api: FakeGitHubApi;
  let prs: GitHubPullRequests;
  let settings: { auth: { kind: 'token'; token: string }; apiUrl: string; oidc: { issuer: string } };

  beforeEach(async () => {
    api = new FakeGitHubApi();
    const apiUrl = await api.start();
    settings = { auth: { kind: 'token', token: 't0ken' } as const, apiUrl, oidc: { issuer: 'https://x' } };
    const octokit = await createGitHubClient(settings, 'example-org/infra', { retryAfterBaseMs: 1, unpaced: true });
    prs = new GitHubPullRequests(octokit, 'example-org/infra', 1);
  });

  afterEach(() => api.stop());

  const stackComment = (stack: string, sha: string, text: string) => ({
    marker: `<!-- infrabot:stack=${stack} -->`,
    sha,
    body: stackBody(stack, text),
  });

  it('creates the stack comment once, updates it in place for the same commit, and leaves it alone when unchanged', async () => {
    await prs.syncComments(7, [stackComment('aws/prod/network', shaA, 'first')]);
    await prs.syncComments(7, [stackComment('aws/prod/network', shaA, 'second')]);
    await prs.syncComments(7, [stackComment('aws/prod/network', shaA, 'second')]);

    expect(api.made('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(api.made('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    const comments = api.comments.get(7) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('second');
    expect(comments[0]?.body.split('\n').slice(0, 2)).toEqual([
      '<!-- infrabot:stack=aws/prod/network -->',
      `<!-- infrabot:sha=${shaA} -->`,
    ]);
  });

  it('minimizes the stack comment of an older commit once, and leaves other stacks alone', async () => {
    await prs.syncComments(7, [stackComment('net', shaA, 'at A'), stackComment('dns', shaA, 'at A')]);

    await prs.syncComments(7, [stackComment('net', shaB, 'at B')]);
    await prs.syncComments(7, [stackComment('net', shaB, 'at B again')]);

    const [netA, dnsA, netB] = api.comments.get(7) ?? [];
    expect(netA?.minimized).toBe(true);
    expect(netA?.body).toContain(`<!-- infrabot:sha=${shaA} outdated -->`);
    expect(dnsA?.minimized).toBe(false);
    expect(netB?.body).toContain('at B again');
    expect(api.made('POST', /^\/graphql$/)).toHaveLength(1);
    expect(JSON.stringify(api.made('POST', /^\/graphql$/)[0]?.body)).toContain('classifier: OUTDATED');
  });

  it('reads the comments once for many comments, and finds them beyond the first page', async () => {
    const others = Array.from({ length: 130 }, (_, i) => ({
      id: i + 1,
      node_id: `IC_${i + 1}`,
      body: `chatter ${i}`,
      html_url: `https://github.example/c/${i}`,
      minimized: false,
    }));
    api.comments.set(9, others);
    await prs.syncComments(9, [stackComment('net', shaA, 'one'), stackComment('dns', shaA, 'one')]);
    await prs.syncComments(9, [stackComment('net', shaA, 'two'), stackComment('dns', shaA, 'two')]);

    expect(api.comments.get(9)).toHaveLength(132);
    expect(api.made('GET', /\/issues\/9\/comments$/)).toHaveLength(4);
    expect(api.made('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(2);
  });

  it('creates the overview comment once and updates it afterwards, whatever the commit', async () => {
    await prs.syncComments(7, [{ marker: '<!-- infrabot:overview -->', body: '<!-- infrabot:overview -->\none' }]);
    await prs.syncComments(7, [{ marker: '<!-- infrabot:overview -->', body: '<!-- infrabot:overview -->\ntwo' }]);

    expect(api.comments.get(7)?.map((comment) => comment.body)).toEqual(['<!-- infrabot:overview -->\ntwo']);
  });

  it('sets a commit status with a cut description and the log link', async () => {
    await prs.setCommitStatus({
      sha: shaA,
      context: 'infrabot/plan: net',
      state: 'success',
      description: 'x'.repeat(200),
      targetUrl: 'https://logs.example/j-1',
    });

    expect(api.statuses).toEqual([
      {
        sha: shaA,
        context: 'infrabot/plan: net',
        state: 'success',
        description: 'x'.repeat(140),
        target_url: 'https://logs.example/j-1',
      },
    ]);
  });

  it('sends only the result when a stack’s pending status still waits for its turn', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ now: () => clock.now().getTime(), sleep: fakeSleep(clock) });
    const paced = new GitHubPullRequests(
      await createGitHubClient(settings, 'example-org/infra', { retryAfterBaseMs: 1, pacer }),
      'example-org/infra',
      1,
    );
    const status = (state: 'pending' | 'success') => ({
      sha: shaA,
      pr: 7,
      context: 'infrabot/plan: net',
      state,
      description: `plan ${state}`,
    });

    await Promise.all([
      paced.reply(7, 'plan started'),
      paced.setCommitStatus(status('pending')),
      paced.setCommitStatus(status('success')),
    ]);

    expect(api.statuses.map((sent) => sent.state)).toEqual(['success']);
    expect(api.comments.get(7)).toHaveLength(1);
  });

  it('sends nothing for a status found moot when its turn comes', async () => {
    let moot = false;
    const status = {
      sha: shaA,
      pr: 7,
      context: 'infrabot/plan: net',
      state: 'pending' as const,
      description: 'plan running',
    };

    const sentWhileLive = prs.setCommitStatus(status, { unless: async () => moot });
    await sentWhileLive;
    moot = true;
    await prs.setCommitStatus(status, { unless: async () => moot });

    expect(api.statuses.map((sent) => sent.state)).toEqual(['pending']);
  });

  it('adds missing managed labels and removes stale ones, keeping labels it does not manage', async () => {
    api.labels.set(7, ['bug', 'infrabot:no-changes', 'infrabot:destroy']);

    await prs.syncLabels(7, ['infrabot:changes', 'infrabot:destroy'], managedLabels);

    expect(api.labels.get(7)?.sort()).toEqual(['bug', 'infrabot:changes', 'infrabot:destroy']);
    expect(api.made('DELETE', /labels/).map((request) => request.path)).toEqual([
      '/repos/example-org/infra/issues/7/labels/infrabot%3Ano-changes',
    ]);
  });

  it('retries a request refused by the secondary rate limit', async () => {
    api.failures.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      headers: { 'retry-after': '1' },
    });

    await prs.reply(7, 'hello');

    expect(api.made('POST', /\/issues\/7\/comments$/)).toHaveLength(2);
    expect(api.comments.get(7)?.map((comment) => comment.body)).toEqual(['hello']);
  });

  it('reads the PR, its reviews, changed files with renames, permissions and team membership', async () => {
    api.pulls.set(7, pullFixture({ mergeable: true, mergeable_state: 'clean' }));
    api.reviews.set(7, [
      { user: { login: 'bob' }, state: 'APPROVED', commit_id: shaA, submitted_at: '2026-01-01T00:00:00Z' },
    ]);
    api.files.set(7, [
      { filename: 'stacks/net/main.tf' },
      { filename: 'modules/vpc/new.tf', previous_filename: 'modules/vpc/old.tf' },
    ]);
    api.permissions.set('alice', { permission: 'write', role_name: 'maintain' });
    api.teamMembers.set('example-org/sre', ['alice']);

    expect(await prs.getPullRequest(7)).toMatchObject({
      number: 7,
      headSha: shaA,
      mergeable: true,
      mergeableState: 'clean',
    });
    expect(await prs.getPullRequest(8)).toBeUndefined();
    expect(await prs.listReviews(7)).toEqual([
      { login: 'bob', state: 'APPROVED', commitSha: shaA, submittedAt: '2026-01-01T00:00:00Z' },
    ]);
    expect(await prs.listChangedFiles(7)).toEqual(['stacks/net/main.tf', 'modules/vpc/new.tf', 'modules/vpc/old.tf']);
    expect(await prs.getPermission('alice')).toBe('maintain');
    expect(await prs.getPermission('mallory')).toBe('none');
    expect(await prs.isTeamMember('example-org/sre', 'alice')).toBe(true);
    expect(await prs.isTeamMember('example-org/sre', 'bob')).toBe(false);
  });

  it('asks again while GitHub is still computing whether the PR is mergeable', async () => {
    api.pulls.set(7, pullFixture({ mergeable: null, mergeable_state: 'unknown' }));
    api.failures.push({
      method: 'GET',
      path: /\/pulls\/7$/,
      status: 200,
      body: pullFixture({ mergeable: null, mergeable_state: 'unknown' }),
    });
    setTimeout(() => api.pulls.set(7, pullFixture({ mergeable: false, mergeable_state: 'dirty' })), 0);

    const pr = await prs.getPullRequest(7);

    expect(pr?.mergeable).toBe(false);
    expect(api.made('GET', /\/pulls\/7$/).length).toBeGreaterThanOrEqual(2);
  });

  it('opens an issue with its label, finds it among the open ones, and comments before closing it', async () => {
    const number = await prs.openIssue({ title: 'Apply failed after merge: net', body: 'why', labels: ['x:failed'] });

    expect(await prs.listOpenIssues('x:failed')).toEqual([{ number, title: 'Apply failed after merge: net' }]);
    expect(await prs.listOpenIssues('other')).toEqual([]);
    await prs.closeIssue(number, 'Applied by job j-1: closing.');
    expect(await prs.listOpenIssues('x:failed')).toEqual([]);
    expect(api.comments.get(number)?.map((comment) => comment.body)).toEqual(['Applied by job j-1: closing.']);
    expect(api.made('PATCH', new RegExp(`/issues/${number}$`)).map((request) => request.body)).toEqual([
      { state: 'closed' },
    ]);
  });

  it('reacts to a comment with eyes', async () => {
    await prs.acknowledgeComment(55);

    expect(api.reactions).toEqual([{ commentId: 55, content: 'eyes' }]);
  });
});

function pullFixture(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    number: 7,
    state: 'open',
    merged: false,
    draft: false,
    head: { sha: shaA, ref: 'feature', repo: { full_name: 'example-org/infra' } },
    base: { ref: 'main', repo: { full_name: 'example-org/infra' } },
    user: { login: 'alice' },
    html_url: 'https://github.example/pr/7',
    ...overrides,
  };
}
