import { describe, expect, it } from 'vitest';
import type { PullRequestInfo, PullRequestReview } from '../../../../core/github/pull-request';
import { type ApplyFacts, checkApplyRequirements } from '../../../../core/github/requirements';
import type { Job } from '../../../../core/jobs/job';

const head = 'c'.repeat(40);
const older = 'd'.repeat(40);

const pr: PullRequestInfo = {
  number: 12,
  state: 'open',
  merged: false,
  draft: false,
  headSha: head,
  headRef: 'feature',
  fromFork: false,
  baseRef: 'main',
  author: 'alice',
  mergeable: true,
  mergeableState: 'clean',
  htmlUrl: 'https://github.example/pr/12',
};

const plan: Job = {
  id: 'j-1',
  action: 'plan',
  stack: 'net',
  sha: head,
  pr: 12,
  requestedBy: { source: 'github', id: 'alice' },
  status: 'succeeded',
  createdAt: '2026-01-01T00:00:00Z',
};

const approval = (login: string, sha = head): PullRequestReview => ({ login, state: 'APPROVED', commitSha: sha });

function facts(overrides: Partial<ApplyFacts>): ApplyFacts {
  return {
    pr,
    reviews: [approval('bob')],
    applier: 'alice',
    requirements: ['approved', 'mergeable'],
    latestPlan: plan,
    ...overrides,
  };
}

describe('checkApplyRequirements', () => {
  it('accepts an open, approved, mergeable PR with a successful plan at its head', () => {
    expect(checkApplyRequirements(facts({}))).toEqual({ ok: true });
  });

  it('names every unmet requirement at once', () => {
    const result = checkApplyRequirements(
      facts({ reviews: [], pr: { ...pr, mergeableState: 'blocked' }, latestPlan: { ...plan, sha: older } }),
    );

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.map((reason) => reason.requirement)).toEqual(['plan', 'approved', 'mergeable']);
    expect(!result.ok && result.reasons[0]?.message).toContain('made at ddddddd, not at the PR head ccccccc');
  });

  it('does not count the applier’s own approval or an approval of an older commit', () => {
    const result = checkApplyRequirements(facts({ reviews: [approval('Alice'), approval('bob', older)] }));

    expect(result).toEqual({
      ok: false,
      reasons: [{ requirement: 'approved', message: expect.stringContaining('someone other than @alice') }],
    });
  });

  it('lets a later request for changes withdraw an approval, but not a later plain comment', () => {
    const withdrawn = [approval('bob'), { login: 'bob', state: 'CHANGES_REQUESTED', commitSha: head } as const];
    const commented = [approval('bob'), { login: 'bob', state: 'COMMENTED', commitSha: head } as const];

    expect(checkApplyRequirements(facts({ reviews: withdrawn })).ok).toBe(false);
    expect(checkApplyRequirements(facts({ reviews: commented })).ok).toBe(true);
  });

  it('checks only the configured requirements, but always an open PR and a plan at the head', () => {
    const result = checkApplyRequirements(
      facts({ requirements: [], reviews: [], pr: { ...pr, state: 'closed', merged: true }, latestPlan: undefined }),
    );

    expect(!result.ok && result.reasons.map((reason) => reason.message)).toEqual([
      'PR #12 is merged',
      'there is no plan of this stack for the PR yet: comment `/tf plan` first',
    ]);
  });

  it.each([
    [{ status: 'running' } as const, 'has not finished yet'],
    [{ status: 'failed' } as const, 'failed'],
  ])('refuses a plan at the head that is %j', (patch, message) => {
    const result = checkApplyRequirements(facts({ latestPlan: { ...plan, ...patch } }));

    expect(!result.ok && result.reasons[0]?.message).toContain(message);
  });

  it.each([
    [{ mergeable: null }, 'has not decided yet'],
    [{ mergeable: false, mergeableState: 'dirty' }, 'conflicts'],
    [{ mergeableState: 'behind' }, '"behind"'],
  ])('refuses a PR that is not mergeable: %j', (patch, message) => {
    const result = checkApplyRequirements(facts({ pr: { ...pr, ...patch } }));

    expect(!result.ok && result.reasons).toEqual([
      { requirement: 'mergeable', message: expect.stringContaining(message) },
    ]);
  });

  it('accepts a mergeable PR whose optional checks fail', () => {
    expect(checkApplyRequirements(facts({ pr: { ...pr, mergeableState: 'unstable' } }))).toEqual({ ok: true });
  });
});
