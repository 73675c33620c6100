/** The built-in risk rules; each is on unless listed in `risk.disabled`. */
export const riskRules = ['stateful-delete', 'iam-widening', 'public-exposure', 'mass-destroy'] as const;

/** One of the built-in risk rules. */
export type RiskRule = (typeof riskRules)[number];

/**
 * A change a reviewer must not miss, found in the plan itself: which rule, which resource, and why in words a
 * person understands. The reason names attributes, ports, roles and actions, never a value marked sensitive.
 */
export interface RiskFlag {
  rule: RiskRule;
  /** The resource address, or {@link wholePlan} for a flag about the plan as a whole (mass-destroy). */
  address: string;
  reason: string;
}

/** The address of a flag about the whole plan rather than one resource. */
export const wholePlan = '(whole plan)';

/** How the classifier is tuned: the `risk` keys of the configuration. */
export interface RiskOptions {
  /** Rules turned off. */
  disabled: readonly RiskRule[];
  /** Resource types that hold data, beyond the built-in table. */
  statefulTypes: readonly string[];
  /** More than this many deletions and replacements flag the plan as a mass destroy. */
  massDestroy: number;
}

/** The classifier's defaults: every rule on, no extra types, more than 20 deletions is a mass destroy. */
export const defaultRiskOptions: RiskOptions = { disabled: [], statefulTypes: [], massDestroy: 20 };
