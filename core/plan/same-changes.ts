import type { PlanSummary, ResourceChange } from './summary';

/** How many differences are named before the rest are counted. */
const namedDifferences = 10;

function key(change: ResourceChange): string {
  return change.deposed === undefined ? change.address : `${change.address} (deposed ${change.deposed})`;
}

/** The resource changes that do something (reads and no-ops are not changes). */
function actionsOf(summary: PlanSummary): Map<string, string> {
  return new Map(
    summary.changes
      .filter((change) => change.action !== 'read' && change.action !== 'no-op')
      .map((c) => [key(c), c.action]),
  );
}

/**
 * How a new plan's changes differ from a reviewed plan's, in words (`aws_s3_bucket.logs: replace, was update`),
 * the first few named and the rest counted; empty when both change the same resources the same way. Values are
 * not compared: a summary keeps none, and a value the reviewed plan knew only after apply may now be known.
 */
export function changeDifferences(reviewed: PlanSummary, replanned: PlanSummary): string[] {
  const before = actionsOf(reviewed);
  const after = actionsOf(replanned);
  const differences: string[] = [];
  for (const [address, action] of after) {
    const was = before.get(address);
    if (was === undefined) differences.push(`${address}: ${action}, not in the reviewed plan`);
    else if (was !== action) differences.push(`${address}: ${action}, was ${was}`);
  }
  for (const [address, action] of before) {
    if (!after.has(address)) differences.push(`${address}: no longer planned (was ${action})`);
  }
  if (differences.length <= namedDifferences) return differences;
  return [...differences.slice(0, namedDifferences), `and ${differences.length - namedDifferences} more`];
}
