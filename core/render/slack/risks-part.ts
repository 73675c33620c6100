import type { PlanSummary } from '../../plan/summary';
import type { RiskFlag } from '../../risk/risk-flag';
import type { FitPart } from '../fit';
import { formatCount } from '../plan-facts';
import { flagParts, risksFitPart, risksHeading } from '../risk-lines';
import { escapeMrkdwn, slackCode, slackLink } from './escape';

/** The longest flag line kept whole, so that one line always fits a section. */
const maxLine = 500;

function flagLine(flag: RiskFlag): string {
  const { address, rest } = flagParts(flag);
  const line = `• *${flag.rule}*: ${address ? `${slackCode(address)} ` : ''}${escapeMrkdwn(rest).replace(/\n/g, ' ')}`;
  return line.length <= maxLine ? line : `${line.slice(0, maxLine - 1)}…`;
}

/** The risk flags, first of the message's lists and the last thing cut; none when the plan has no flags. */
export function risksPart(summary: PlanSummary, logUrl: string | undefined, maxChars: number): FitPart[] {
  return risksFitPart(summary, maxChars, flagLine, (count, left) => ({
    head: `:rotating_light: *${escapeMrkdwn(risksHeading(count))}*\n`,
    tail: left > 0 ? `• …and ${formatCount(left)} more, left out (see the ${slackLink('full log', logUrl)})\n` : '',
  }));
}
