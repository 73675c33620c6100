import type { PlanSummary } from '../../plan/summary';
import type { RiskFlag } from '../../risk/risk-flag';
import type { FitPart } from '../fit';
import { formatCount } from '../plan-facts';
import { flagParts, risksFitPart, risksHeading } from '../risk-lines';
import { inlineCode, link, safeBlockText } from './escape';

function flagLine(flag: RiskFlag): string {
  const { address, rest } = flagParts(flag);
  return `- **${flag.rule}**: ${address ? `${inlineCode(address)} ` : ''}${safeBlockText(rest).replace(/\n/g, ' ')}`;
}

/**
 * The risk flags, first of the comment's lists and the last thing cut: each with its rule, resource and reason.
 * None when the plan has no flags.
 */
export function risksPart(summary: PlanSummary, logUrl: string | undefined, maxChars: number): FitPart[] {
  return risksFitPart(summary, maxChars, flagLine, (count, left) => ({
    head: `> [!CAUTION]\n> **${risksHeading(count)}**\n\n`,
    tail: `${left > 0 ? `- …and ${formatCount(left)} more, left out to fit (see the ${link('full log', logUrl)})\n` : ''}\n`,
  }));
}
