import type { PlanSummary } from '../plan/summary';
import { type RiskFlag, wholePlan } from '../risk/risk-flag';
import { type FitPart, linesWithin, type PartFrame } from './fit';

/** The risk flags of a summary (none for summaries stored before flags were found). */
export function risksOf(summary: PlanSummary): readonly RiskFlag[] {
  return summary.risks ?? [];
}

/**
 * A flag split for display: the address (shown as code) and the rest of the reason. Reasons start with the
 * address; a flag about the whole plan has none to show.
 */
export function flagParts(flag: RiskFlag): { address?: string; rest: string } {
  const prefix = `${flag.address} `;
  if (flag.address === wholePlan || !flag.reason.startsWith(prefix)) return { rest: flag.reason };
  return { address: flag.address, rest: flag.reason.slice(prefix.length) };
}

/** The heading over the flags. */
export function risksHeading(count: number): string {
  return `Risks: ${count === 1 ? 'a change' : `${count} changes`} to review before applying`;
}

/**
 * The risk flags as the first list of a message, the last thing cut (`cutRank` 100); none when the plan has no
 * flags. `line` draws one flag and `frame` the heading and the "…and N more" note, in the message's markup.
 */
export function risksFitPart(
  summary: PlanSummary,
  maxChars: number,
  line: (flag: RiskFlag) => string,
  frame: (count: number, left: number) => PartFrame,
): FitPart[] {
  const risks = risksOf(summary);
  if (risks.length === 0) return [];
  const lines = linesWithin(risks, line, maxChars);
  return [{ cutRank: 100, lines, total: risks.length, frame: (_kept, left) => frame(risks.length, left) }];
}
