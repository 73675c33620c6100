import type { ChangeAction, ResourceChange } from '../plan/summary';
import { exposureChecks } from './exposure-rules';
import { type Check, googleIamCheck, iamChecks, isGoogleIamType } from './iam-rules';
import { rawChangeOf } from './plan-values';
import { type RiskFlag, type RiskOptions, type RiskRule, wholePlan } from './risk-flag';
import { builtInStatefulTypes } from './stateful-types';

/** What the classifier does for one resource type; absent for the many types no rule looks at. */
interface TypeRules {
  /** What deleting it loses, for stateful types. */
  loses?: string;
  iam?: Check;
  exposure?: Check;
}

/**
 * Classifies the resource changes of one plan, one at a time as the summarizer reads them, then the plan as a
 * whole. A type no rule looks at costs one map lookup (answers are kept per type), so a 50,000-change plan
 * costs little more to classify than to read.
 */
export class RiskClassifier {
  private readonly flags: RiskFlag[] = [];
  private readonly byType = new Map<string, TypeRules | undefined>();
  private readonly on: (rule: RiskRule) => boolean;
  private destroyed = 0;

  constructor(private readonly options: RiskOptions) {
    this.on = (rule) => !options.disabled.includes(rule);
  }

  /** Looks at one entry of `resource_changes`, already read into `change`. */
  add(entry: unknown, change: ResourceChange): void {
    if (destroys(change)) this.destroyed += 1;
    const rules = this.rulesFor(change.type);
    if (!rules || change.action === 'no-op' || change.action === 'read' || change.action === 'forget') return;
    if (rules.loses !== undefined && destroys(change) && this.on('stateful-delete')) {
      this.flags.push({
        rule: 'stateful-delete',
        address: change.address,
        reason: statefulReason(entry, change, rules.loses),
      });
    }
    if (change.action === 'delete' || (!rules.iam && !rules.exposure)) return;
    const raw = rawChangeOf(entry, change.address, change.type);
    if (!raw) return;
    if (rules.iam && this.on('iam-widening')) this.push('iam-widening', change.address, rules.iam(raw));
    if (rules.exposure && this.on('public-exposure')) this.push('public-exposure', change.address, rules.exposure(raw));
  }

  /** The flags found, with the plan-wide ones last. */
  finish(): RiskFlag[] {
    const { massDestroy } = this.options;
    if (this.destroyed > massDestroy && this.on('mass-destroy')) {
      this.flags.push({
        rule: 'mass-destroy',
        address: wholePlan,
        reason: `${this.destroyed.toLocaleString('en-US')} resources will be deleted or replaced (more than ${massDestroy})`,
      });
    }
    return this.flags;
  }

  private push(rule: RiskRule, address: string, reasons: readonly string[]): void {
    for (const reason of reasons) this.flags.push({ rule, address, reason });
  }

  private rulesFor(type: string): TypeRules | undefined {
    if (this.byType.has(type)) return this.byType.get(type);
    const rules: TypeRules = {};
    const loses =
      builtInStatefulTypes.get(type) ?? (this.options.statefulTypes.includes(type) ? 'it holds data' : undefined);
    if (loses !== undefined) rules.loses = loses;
    const iam = iamChecks[type] ?? (isGoogleIamType(type) ? googleIamCheck : undefined);
    if (iam) rules.iam = iam;
    const exposure = exposureChecks[type];
    if (exposure) rules.exposure = exposure;
    const found = Object.keys(rules).length > 0 ? rules : undefined;
    this.byType.set(type, found);
    return found;
  }
}

const destroying: ReadonlySet<ChangeAction> = new Set(['delete', 'replace']);

/** Whether a change destroys an existing object (a replacement that only forgets the old one does not). */
function destroys(change: ResourceChange): boolean {
  return destroying.has(change.action) && !change.keepsExisting;
}

const replaceCauses: Readonly<Record<string, string>> = {
  replace_because_tainted: 'it is tainted',
  replace_by_request: 'replacement was requested',
  replace_by_triggers: 'a replace_triggered_by reference changed',
};

function statefulReason(entry: unknown, change: ResourceChange, loses: string): string {
  if (change.action === 'delete') return `${change.address} will be deleted: ${loses}`;
  const actionReason = (entry as { action_reason?: unknown }).action_reason;
  const cause = change.replaceReasons
    ? `${change.replaceReasons.join(', ')} ${change.replaceReasons.length === 1 ? 'forces' : 'force'} it`
    : typeof actionReason === 'string'
      ? replaceCauses[actionReason]
      : undefined;
  return `${change.address} will be replaced${cause ? ` (${cause})` : ''}: ${loses}`;
}
