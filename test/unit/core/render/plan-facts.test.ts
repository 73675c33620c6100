import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../../core/plan/summarize';
import { formatCount, groupChanges, planHeadline } from '../../../../core/render/plan-facts';
import { planFixture } from '../../../support/plan-fixtures';

describe('plan facts', () => {
  it('orders groups with deletions and replacements first and reads last', () => {
    const groups = groupChanges(summarizePlan(planFixture('v0.1-actions.json')).changes);

    expect(groups.map((group) => group.key)).toEqual(['delete', 'replace', 'create', 'update', 'read']);
  });

  it('puts imports and moves without other change in their own group', () => {
    const groups = groupChanges(summarizePlan(planFixture('v1.2-import.json')).changes);

    expect(groups.map((group) => group.key)).toEqual(['replace', 'forget', 'create', 'update', 'relocate']);
  });

  it('sums a plan up in one line for notifications', () => {
    const summary = summarizePlan(planFixture('real-1.2-mixed.json'));

    expect(planHeadline(summary, { stack: 's' })).toBe(
      'Plan for s: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 moved',
    );
    expect(planHeadline(summarizePlan(planFixture('real-1.2-empty.json')), { stack: 's', action: 'apply' })).toBe(
      'Apply for s: no changes',
    );
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_000, '1,000'],
    [50_000, '50,000'],
    [1_234_567, '1,234,567'],
    [-4_200, '-4,200'],
  ])('formats %d as %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });
});
