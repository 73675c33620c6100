import type { Config, StackConfig } from '../config/schema';
import type { RiskOptions } from './risk-flag';

/** The classifier's options from the `risk` section of the configuration. */
export function riskOptionsOf(config: Config): RiskOptions {
  const { disabled, statefulTypes, massDestroy } = config.risk;
  return { disabled, statefulTypes, massDestroy };
}

/** How many appliers, other than whoever planned it, must approve applying a flagged plan of the stack. */
export function approvalsNeeded(config: Config, stack: StackConfig): number {
  return stack.risk?.approvals ?? config.risk.approvals;
}
