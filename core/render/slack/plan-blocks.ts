import type { PlanSummary } from '../../plan/summary';
import { type FitPart, fitParts, renderPart, totalLines } from '../fit';
import type { PlanContext } from '../plan-context';
import { groupChanges } from '../plan-facts';
import { slackLink } from './escape';
import {
  driftPart,
  glanceText,
  groupPart,
  headerText,
  outputsPart,
  planTextPart,
  shortenedText,
  warningText,
} from './plan-blocks-parts';
import { risksPart } from './risks-part';
import { type SlackBlock, slackLimits } from './slack-block';

/** Options for {@link renderPlanBlocks}. */
export interface PlanBlocksOptions {
  /** The most blocks to return; default 48, leaving room for a context line and an actions block. */
  maxBlocks?: number;
  /** The most characters the lists and plan text may take together; default 12,000 so messages stay readable. */
  textBudget?: number;
  /** The most characters of plan text; default 2,900 (one section). */
  planTextSize?: number;
}

/** The default number of blocks {@link renderPlanBlocks} returns at most. */
export const PLAN_BLOCKS_MAX = 48;

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Splits text into sections of at most 3,000 characters, at line breaks. */
function sections(text: string): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let current = '';
  for (const line of text.replace(/\n+$/, '').split('\n')) {
    if (current.length > 0 && current.length + 1 + line.length > slackLimits.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current.length > 0 ? `${current}\n${line}` : line.slice(0, slackLimits.sectionText);
  }
  if (current.trim().length > 0) blocks.push(section(current));
  return blocks;
}

function cuttableParts(summary: PlanSummary, ctx: PlanContext, budget: number, planTextSize: number): FitPart[] {
  const parts = [
    ...risksPart(summary, ctx.logUrl, budget),
    ...groupChanges(summary.changes).map((group) => groupPart(group, ctx.logUrl, budget)),
  ];
  if (summary.drift.length > 0) parts.push(driftPart(summary, ctx.logUrl, budget));
  if (summary.outputs.length > 0) parts.push(outputsPart(summary, ctx.logUrl, budget));
  if (ctx.planText?.trim()) parts.push(planTextPart(ctx.planText, ctx.logUrl, planTextSize));
  return parts;
}

function leftOut(parts: readonly FitPart[], kept: readonly number[], planText: boolean): number {
  return parts.reduce((sum, part, index) => {
    const isPlanText = part.cutRank === 0;
    return isPlanText === planText ? sum + totalLines(part) - (kept[index] ?? 0) : sum;
  }, 0);
}

function headBlocks(summary: PlanSummary, ctx: PlanContext): SlackBlock[] {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: headerText(ctx), emoji: false } },
    section(glanceText(summary)),
  ];
  const warning = warningText(summary);
  if (warning) blocks.push(section(warning));
  return blocks;
}

/**
 * Renders a plan as Slack Block Kit blocks with the priorities of the PR comment: a header, the result at a
 * glance, a warning when anything is deleted or replaced, the risk flags, the changed resources grouped by action (deletions
 * and replacements first), drift, output changes, and an excerpt of the plan text. Within Slack's limits:
 * at most `maxBlocks` (48) blocks, section text at most 3,000 characters, header at most 150; when the plan
 * does not fit, the plan text is cut first, then the lists, deletions and replacements last, with a line
 * saying how much was left out and linking `ctx.logUrl`. No value from the plan JSON is ever shown.
 *
 * Compose by appending your own blocks (a context line, an actions block with buttons) after these.
 */
export function renderPlanBlocks(
  summary: PlanSummary,
  ctx: PlanContext,
  options: PlanBlocksOptions = {},
): SlackBlock[] {
  const { maxBlocks = PLAN_BLOCKS_MAX, textBudget = 12_000, planTextSize = 2_900 } = options;
  const parts = cuttableParts(summary, ctx, textBudget, Math.min(planTextSize, slackLimits.sectionText - 10));
  const fitted = fitParts(parts, textBudget);
  const leftEntries = leftOut(parts, fitted.kept, false);
  const leftLines = leftOut(parts, fitted.kept, true);
  const blocks = headBlocks(summary, ctx);
  if (leftEntries > 0 || leftLines > 0) blocks.push(section(shortenedText(leftEntries, leftLines, ctx.logUrl)));
  for (const [index, part] of parts.entries()) blocks.push(...sections(renderPart(part, fitted.kept[index] ?? 0)));
  if (blocks.length <= maxBlocks) return blocks;
  return [
    ...blocks.slice(0, maxBlocks - 1),
    section(`…more left out to fit Slack; see the ${slackLink('full log', ctx.logUrl)}.`),
  ];
}
