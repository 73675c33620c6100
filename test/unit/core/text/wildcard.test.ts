import { describe, expect, it } from 'vitest';
import { matchesAnyWildcard, wildcardMatcher } from '../../../../core/text/wildcard';

describe('matchesAnyWildcard', () => {
  it('compares literally except for * which stands for any run of characters', () => {
    expect(matchesAnyWildcard('refs/pull/7/merge', ['refs/pull/*/merge'])).toBe(true);
    expect(matchesAnyWildcard('refs/heads/main', ['refs/pull/*/merge'])).toBe(false);
    expect(
      matchesAnyWildcard('a/b/.github/workflows/plan.yml@refs/heads/main', ['a/b/.github/workflows/plan.yml@*']),
    ).toBe(true);
    expect(matchesAnyWildcard('a/b/.github/workflowsXplan.yml@main', ['a/b/.github/workflows.plan.yml@main'])).toBe(
      false,
    );
  });

  it('matches nothing when given no patterns', () => {
    expect(matchesAnyWildcard('anything', [])).toBe(false);
  });
});

describe('wildcardMatcher', () => {
  it('lets * cross slashes, so aws/prod/* matches every stack below aws/prod', () => {
    const matches = wildcardMatcher('aws/prod/*');

    expect(matches('aws/prod/network')).toBe(true);
    expect(matches('aws/prod/payments/api')).toBe(true);
    expect(matches('aws/dev/network')).toBe(false);
  });
});
