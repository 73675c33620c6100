import { describe, expect, it } from 'vitest';
import { summarizePlan } from '../../../../core/plan/summarize';
import type { PlanSummary } from '../../../../core/plan/summary';
import { breakdownLine, terraformCounts, terraformPlanLine } from '../../../../core/render/terraform-plan-line';
import { planFixture } from '../../../support/plan-fixtures';

const noCounts = { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0, read: 0 };

describe("Terraform's own plan line", () => {
  it('counts a replacement as one add and one destroy, as Terraform does', () => {
    // Prepare
    const summary = summarizePlan(planFixture('real-1.2-mixed.json'));

    // Act
    const line = terraformPlanLine(summary);

    // Assess
    expect(line).toBe('Plan: 2 to add, 1 to change, 2 to destroy.');
    expect(breakdownLine(summary)).toBe('In detail: 1 to create, 1 to update, 1 to replace, 1 to delete, 1 moved.');
  });

  it('puts imports first and counts a replacement that keeps its old object as an add only', () => {
    // Prepare
    const summary = summarizePlan(planFixture('v1.2-import.json'));

    // Act
    const line = terraformPlanLine(summary);

    // Assess
    expect(terraformCounts(summary)).toEqual({ import: 2, add: 2, change: 2, destroy: 0 });
    expect(line).toBe('Plan: 2 to import, 2 to add, 2 to change, 0 to destroy.');
  });

  it('prints the Plan line with zeros for a plan that only reads data sources, which Terraform lists', () => {
    expect(terraformPlanLine(summarizePlan(planFixture('v1.2-reads-only.json')))).toBe(
      'Plan: 0 to add, 0 to change, 0 to destroy.',
    );
  });

  it("says Terraform's no-changes sentence when nothing changes, and that only outputs change when only they do", () => {
    // Prepare
    const none: PlanSummary = { counts: noCounts, hasChanges: false, changes: [], drift: [], outputs: [] };
    const outputsOnly: PlanSummary = { ...none, outputs: [{ name: 'url', action: 'update', sensitive: false }] };

    // Act
    const lines = [terraformPlanLine(none), terraformPlanLine(outputsOnly)];

    // Assess
    expect(lines).toEqual([
      'No changes. Your infrastructure matches the configuration.',
      'Changes to Outputs only, without changing any real infrastructure.',
    ]);
    expect(breakdownLine(none)).toBeUndefined();
  });
});
