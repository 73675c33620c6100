import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../core/jobs/job';
import { describeRefusal } from '../../../../core/render/refusal-text';
import { mainSha } from '../../../fixtures/config';

function plan(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-plan-0002',
    action: 'plan',
    stack: 'aws/prod/network',
    sha: mainSha,
    ref: 'feature',
    requestedBy: { source: 'slack', id: 'UBOB' },
    status: 'succeeded',
    createdAt: '2026-11-01T11:30:00.000Z',
    finishedAt: '2026-11-01T11:35:00.000Z',
    ...overrides,
  };
}

describe('describeRefusal', () => {
  it("names who made someone else's plan, when, at which commit, and the two ways to apply it", () => {
    const text = describeRefusal({
      reason: 'plan_by_someone_else',
      plan: plan(),
      ageMs: 25 * 60_000,
      applyButton: true,
    });

    expect(text).toBe(
      'the latest plan of aws/prod/network is not yours: <@UBOB> made it 25m ago (2026-11-01 11:35 UTC) at feature (aaaaaaaa), job j-plan-0002. ' +
        '/tf apply aws/prod/network only applies your own latest plan. ' +
        "To apply this one, review it, then click Apply on that plan's message, or run /tf apply aws/prod/network j-plan-0002.",
    );
  });

  it('offers only the command when the plan has no Apply button, and names a GitHub login and its PR', () => {
    const text = describeRefusal({
      reason: 'plan_by_someone_else',
      plan: plan({ requestedBy: { source: 'github', id: 'octocat' }, pr: 12, ref: undefined }),
      ageMs: 5_000,
      applyButton: false,
    });

    expect(text).toContain(
      'octocat on GitHub made it just now (2026-11-01 11:35 UTC) at aaaaaaaa for PR #12, job j-plan-0002.',
    );
    expect(text).toContain('To apply this one, review it, then run /tf apply aws/prod/network j-plan-0002.');
    expect(text).not.toContain('Apply on');
  });

  it('says the repository could not be asked where a ref is, and that nothing was started', () => {
    const text = describeRefusal({
      reason: 'repository_unreachable',
      ref: 'main',
      why: 'the remote "origin" did not answer: Could not resolve host: github.com',
    });

    expect(text).toBe(
      'could not ask the repository where "main" is now (the remote "origin" did not answer: Could not resolve host: github.com), ' +
        'and an older answer could be out of date, so nothing was started. Try again in a moment.',
    );
  });
});
