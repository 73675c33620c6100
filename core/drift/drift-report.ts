import { createHash } from 'node:crypto';
import type { ChangeAction, PlanSummary, ResourceChange } from '../plan/summary';
import { wildcardMatcher } from '../text/wildcard';

/** A resource someone changed outside Terraform (`resource_drift`), with the attributes that differ (names only). */
export interface DriftedResource {
  address: string;
  action: ChangeAction;
  attributes: string[];
}

/** A change the code would make that was never applied (`resource_changes`, merged but not applied). */
export interface PendingChange {
  address: string;
  action: ChangeAction;
}

/**
 * What a drift check found, in two kinds that are fixed differently: resources changed outside Terraform, and
 * code that was never applied. The fingerprint names the drift (addresses, actions and attribute names, never
 * values or times), so that the same drift seen again is recognized and stays silent.
 */
export interface DriftReport {
  outside: DriftedResource[];
  pending: PendingChange[];
  fingerprint: string;
}

/** `address[.attribute]` patterns of `drift.ignore`, as one test. */
export type IgnoreTest = (path: string) => boolean;

/** The test for `drift.ignore`: `*` matches any run of characters (see `core/text/wildcard.ts`). */
export function ignoreTest(patterns: readonly string[]): IgnoreTest {
  const matchers = patterns.map(wildcardMatcher);
  return (path) => matchers.some((matches) => matches(path));
}

function isPending(change: ResourceChange): boolean {
  return change.action !== 'read' && change.action !== 'no-op' ? true : change.imported === true || !!change.movedFrom;
}

/** The drifted resources left once ignored addresses and attributes are taken out. */
function outsideOf(summary: PlanSummary, ignored: IgnoreTest): DriftedResource[] {
  const outside: DriftedResource[] = [];
  for (const drift of summary.drift) {
    if (ignored(drift.address)) continue;
    const all = drift.attributes ?? [];
    const attributes = all.filter((name) => !ignored(`${drift.address}.${name}`));
    if (all.length > 0 && attributes.length === 0) continue;
    outside.push({ address: drift.address, action: drift.action, attributes });
  }
  return outside.sort((a, b) => a.address.localeCompare(b.address));
}

/**
 * The pending changes: what the plan would do to resources that did not drift. A resource changed outside
 * Terraform also shows in the plan (as the change that reverts it); it is reported once, as drift.
 */
function pendingOf(summary: PlanSummary, outside: ReadonlySet<string>, ignored: IgnoreTest): PendingChange[] {
  return summary.changes
    .filter((change) => isPending(change) && !outside.has(change.address) && !ignored(change.address))
    .map((change) => ({ address: change.address, action: change.action }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

/** The fingerprint of a drift: SHA-256 over its addresses, actions and attribute names, in a fixed order. */
export function driftFingerprint(outside: readonly DriftedResource[], pending: readonly PendingChange[]): string {
  const lines = [
    ...outside.map((resource) => `outside ${resource.address} ${resource.action} ${resource.attributes.join(',')}`),
    ...pending.map((change) => `pending ${change.address} ${change.action}`),
  ];
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

/**
 * Reads a drift check's plan summary as drift: the resources changed outside Terraform (with the attributes
 * that differ) and the code never applied, less what `drift.ignore` names. In sync when both are empty.
 */
export function driftReportOf(summary: PlanSummary, ignored: IgnoreTest = () => false): DriftReport {
  const outside = outsideOf(summary, ignored);
  const drifted = new Set(summary.drift.map((drift) => drift.address));
  const pending = pendingOf(summary, drifted, ignored);
  return { outside, pending, fingerprint: driftFingerprint(outside, pending) };
}

/** Whether a report shows no drift at all. */
export function isInSync(report: DriftReport): boolean {
  return report.outside.length === 0 && report.pending.length === 0;
}
