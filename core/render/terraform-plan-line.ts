import type { PlanSummary } from '../plan/summary';
import { countPhrases, formatCount } from './plan-facts';

/**
 * Terraform's own words for a plan, so that a summary and `terraform plan` never seem to disagree: reviewers read
 * the line Terraform prints first, and infrabot's finer breakdown after it.
 */

/** The counts in Terraform's terms: a replacement is one add and one destroy; moves, reads and forgets are not counted. */
export interface TerraformCounts {
  import: number;
  add: number;
  change: number;
  destroy: number;
}

/** Counts the summary's changes the way Terraform 1.11 does for its `Plan:` line. */
export function terraformCounts(summary: PlanSummary): TerraformCounts {
  const { create, update, delete: deleted, replace, import: imported } = summary.counts;
  // A replacement that only forgets its old object (`["create","forget"]`) destroys nothing.
  const keeping = summary.changes.filter((change) => change.action === 'replace' && change.keepsExisting).length;
  return { import: imported, add: create + replace, change: update, destroy: deleted + replace - keeping };
}

/** Terraform's closing line when nothing changes at all. */
export const NO_CHANGES_LINE = 'No changes. Your infrastructure matches the configuration.';

/**
 * The line Terraform prints for the plan (`terraform plan`, `terraform show PLANFILE`), word for word:
 * `Plan: 1 to import, 2 to add, 0 to change, 1 to destroy.` (the import count only when something is imported),
 * {@link NO_CHANGES_LINE} when nothing changes, and, where Terraform prints no `Plan:` line because only output
 * values change, a sentence in its words saying so.
 */
export function terraformPlanLine(summary: PlanSummary): string {
  if (summary.hasChanges || summary.counts.read > 0) {
    const counts = terraformCounts(summary);
    const imports = counts.import > 0 ? `${formatCount(counts.import)} to import, ` : '';
    return `Plan: ${imports}${formatCount(counts.add)} to add, ${formatCount(counts.change)} to change, ${formatCount(counts.destroy)} to destroy.`;
  }
  if (summary.outputs.length > 0) return 'Changes to Outputs only, without changing any real infrastructure.';
  return NO_CHANGES_LINE;
}

/**
 * infrabot's finer breakdown of a plan with changes, e.g. `In detail: 1 to create, 1 to replace, 1 moved.`, or
 * undefined when there is nothing to break down.
 */
export function breakdownLine(summary: PlanSummary): string | undefined {
  const phrases = countPhrases(summary.counts);
  return summary.hasChanges && phrases.length > 0 ? `In detail: ${phrases.join(', ')}.` : undefined;
}
