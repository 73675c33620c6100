import type { PlanSummary } from '../../plan/summary';
import { type FitPart, fitParts, renderPart, totalLines } from '../fit';
import type { PlanContext } from '../plan-context';
import { groupChanges } from '../plan-facts';
import {
  alertBlocks,
  driftPart,
  footerBlock,
  glanceBlock,
  groupPart,
  markerLine,
  outputsPart,
  planTextPart,
  shortenedNotice,
  titleBlock,
} from './plan-comment-parts';
import { risksPart } from './risks-part';

/** GitHub refuses comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

function cuttableParts(
  summary: PlanSummary,
  ctx: PlanContext,
  limit: number,
): { lists: FitPart[]; planText?: FitPart } {
  const lists = [
    ...risksPart(summary, ctx.logUrl, limit),
    ...groupChanges(summary.changes).map((group) => groupPart(group, ctx.logUrl, limit)),
  ];
  if (summary.drift.length > 0) lists.push(driftPart(summary, ctx.logUrl, limit));
  if (summary.outputs.length > 0) lists.push(outputsPart(summary, ctx.logUrl, limit));
  const planText = ctx.planText?.trim() ? planTextPart(ctx.planText, ctx.logUrl, limit) : undefined;
  return planText ? { lists, planText } : { lists };
}

function leftOut(parts: readonly FitPart[], kept: readonly number[]): number {
  return parts.reduce((sum, part, index) => sum + totalLines(part) - (kept[index] ?? 0), 0);
}

/** Cuts a body that is still too long (only possible with absurd fixed text) at the limit, saying so. */
function hardLimit(body: string, limit: number): string {
  if (body.length <= limit) return body;
  const note = '\n\n_…cut to fit the comment size limit._\n';
  return body.slice(0, limit - note.length) + note;
}

/**
 * Renders the pull-request comment for one stack's plan: the hidden marker `<!-- infrabot:stack=NAME -->`
 * first, the result at a glance with a warning when anything is deleted or replaced, the risk flags (each with its
 * resource and reason), the changed resources
 * grouped by action (deletions and replacements first), drift, output changes, and the plan text collapsed.
 *
 * The body never exceeds {@link GITHUB_COMMENT_LIMIT} (or `limit`): the plan text is cut first, then the
 * lists, with a note saying how much was left out and linking `ctx.logUrl`; deletions and replacements are cut
 * last, and then say how many more there are. No value from the plan JSON is ever shown.
 */
export function renderPlanComment(summary: PlanSummary, ctx: PlanContext, limit = GITHUB_COMMENT_LIMIT): string {
  const head = markerLine(ctx) + titleBlock(ctx) + glanceBlock(summary) + alertBlocks(summary);
  const footer = footerBlock(summary, ctx);
  const { lists, planText } = cuttableParts(summary, ctx, limit);
  const parts = planText ? [...lists, planText] : lists;
  const room = limit - head.length - footer.length;
  let fitted = fitParts(parts, room);
  let notice = '';
  if (leftOut(parts, fitted.kept) > 0) {
    const totalEntries = lists.reduce((sum, part) => sum + totalLines(part), 0);
    const reserve = shortenedNotice(totalEntries, planText ? totalLines(planText) : 0, ctx.logUrl).length;
    fitted = fitParts(parts, room - reserve);
    const lineCount = planText ? totalLines(planText) - (fitted.kept[lists.length] ?? 0) : 0;
    notice = shortenedNotice(leftOut(lists, fitted.kept), lineCount, ctx.logUrl);
  }
  const body = parts.map((part, index) => renderPart(part, fitted.kept[index] ?? 0)).join('');
  return hardLimit(`${head}${notice}${body}${footer}`.replace(/\n+$/, '\n'), limit);
}
