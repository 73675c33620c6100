import type { ChangeCounts, PlanSummary, ResourceChange } from '../plan/summary';
import type { PlanContext } from './plan-context';

/**
 * Facts about a plan that every renderer shows the same way: the groups of changes in display order, the
 * counts at a glance, and whether anything is destroyed.
 */

/** A kind of change shown as one list, deletions and replacements first. */
export type ChangeGroupKey = 'delete' | 'replace' | 'forget' | 'create' | 'update' | 'relocate' | 'read';

/** The changes of one kind, in plan order. */
export interface ChangeGroup {
  key: ChangeGroupKey;
  /** A short heading such as `Delete` or `Import or move only`. */
  title: string;
  changes: ResourceChange[];
}

const groupTitles: Record<ChangeGroupKey, string> = {
  delete: 'Delete',
  replace: 'Replace',
  forget: 'Remove from state (not destroyed)',
  create: 'Create',
  update: 'Update in place',
  relocate: 'Import or move only',
  read: 'Read (data sources)',
};

/** The order lists are shown in: what destroys things first, reads last. */
export const groupOrder: readonly ChangeGroupKey[] = [
  'delete',
  'replace',
  'forget',
  'create',
  'update',
  'relocate',
  'read',
];

function groupKeyOf(change: ResourceChange): ChangeGroupKey {
  return change.action === 'no-op' ? 'relocate' : change.action;
}

/** Splits the changes into non-empty groups in {@link groupOrder}. */
export function groupChanges(changes: readonly ResourceChange[]): ChangeGroup[] {
  const byKey = new Map<ChangeGroupKey, ResourceChange[]>(groupOrder.map((key) => [key, []]));
  for (const change of changes) byKey.get(groupKeyOf(change))?.push(change);
  return groupOrder
    .map((key) => ({ key, title: groupTitles[key], changes: byKey.get(key) ?? [] }))
    .filter((group) => group.changes.length > 0);
}

/** Formats a whole count with thousands separators (`12,345`), the same on every machine and without Intl's cost. */
export function formatCount(value: number): string {
  const digits = String(Math.trunc(Math.abs(value)));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group},${grouped}`;
  }
  return value < 0 ? `-${grouped}` : grouped;
}

/** The non-zero counts as phrases, e.g. `["2 to create", "1 to delete", "1 moved"]`. */
export function countPhrases(counts: ChangeCounts): string[] {
  const phrases: Array<[number, string]> = [
    [counts.create, 'to create'],
    [counts.update, 'to update'],
    [counts.replace, 'to replace'],
    [counts.delete, 'to delete'],
    [counts.import, 'to import'],
    [counts.move, 'moved'],
    [counts.forget ?? 0, 'to remove from state'],
    [counts.read, 'to read'],
  ];
  return phrases.filter(([value]) => value > 0).map(([value, words]) => `${formatCount(value)} ${words}`);
}

/** How many resources the plan destroys: deletions plus replacements (a replacement destroys the old object). */
export function destroyedCount(summary: PlanSummary): number {
  return summary.counts.delete + summary.counts.replace;
}

/** `1 resource`, `2 resources`: a count with its noun. */
export function plural(value: number, noun: string): string {
  return `${formatCount(value)} ${value === 1 ? noun : `${noun}s`}`;
}

/** The warning sentence for a plan that destroys something, or undefined when it destroys nothing. */
export function destructiveWarning(summary: PlanSummary): string | undefined {
  const { delete: deleted, replace } = summary.counts;
  if (deleted + replace === 0) return undefined;
  const parts: string[] = [];
  if (deleted > 0) parts.push(`deletes ${plural(deleted, 'resource')}`);
  if (replace > 0) parts.push(`replaces ${plural(replace, 'resource')}`);
  return `This plan ${parts.join(' and ')}. Review ${deleted + replace === 1 ? 'it' : 'them'} before applying.`;
}

/** `Plan` or `Apply`, as the context says. */
export function actionLabel(ctx: PlanContext): 'Plan' | 'Apply' {
  return ctx.action === 'apply' ? 'Apply' : 'Plan';
}

/** One line for notifications and fallbacks, e.g. `Plan for aws/prod/network: 2 to create, 1 to delete`. */
export function planHeadline(summary: PlanSummary, ctx: PlanContext): string {
  const phrases = countPhrases(summary.counts);
  const result = summary.errored
    ? 'errored'
    : summary.hasChanges || phrases.length > 0
      ? phrases.join(', ')
      : 'no changes';
  return `${actionLabel(ctx)} for ${ctx.stack}: ${result}`;
}

/** The first seven characters of a commit sha. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
