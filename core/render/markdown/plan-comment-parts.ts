import type { OutputChange, PlanSummary, ResourceChange } from '../../plan/summary';
import { changeNotes, driftWord, outputWord } from '../change-notes';
import { countLines, type FitPart, firstLines, linesWithin } from '../fit';
import type { PlanContext } from '../plan-context';
import type { ChangeGroup, ChangeGroupKey } from '../plan-facts';
import { actionLabel, destructiveWarning, formatCount, plural, shortSha } from '../plan-facts';
import { breakdownLine, terraformPlanLine } from '../terraform-plan-line';
import { codeFence, commentText, inlineCode, link, safeBlockText } from './escape';

/** The named pieces of the PR comment. Fixed pieces are strings ending in a blank line; lists are {@link FitPart}s. */

/** The hidden first line by which later jobs find and update the stack's comment; none without a stack. */
export function markerLine(ctx: PlanContext): string {
  return ctx.stack === '' ? '' : `<!-- infrabot:stack=${commentText(ctx.stack)} -->\n`;
}

/** The heading, e.g. "Terraform plan for `aws/prod/network`"; none without a stack. */
export function titleBlock(ctx: PlanContext): string {
  return ctx.stack === '' ? '' : `### Terraform ${actionLabel(ctx).toLowerCase()} for ${inlineCode(ctx.stack)}\n\n`;
}

/** What else a plan without resource changes holds, as one sentence, or undefined. */
function alsoLine(summary: PlanSummary): string | undefined {
  const extra: string[] = [];
  if (summary.counts.read > 0) extra.push(`${plural(summary.counts.read, 'data source')} to read`);
  if (summary.drift.length > 0) extra.push('resources changed outside Terraform (see below)');
  // Without reads, Terraform's own line already says that only outputs change.
  if (summary.outputs.length > 0 && summary.counts.read > 0) extra.push('output values change');
  return extra.length > 0 ? `Also: ${extra.join('; ')}.` : undefined;
}

/**
 * The result at a glance: Terraform's own line first, word for word (`Plan: 1 to add, 0 to change, 1 to destroy.`,
 * or `No changes. …`), then infrabot's breakdown, or what else a plan without changes holds.
 */
export function glanceBlock(summary: PlanSummary): string {
  const next = summary.hasChanges ? breakdownLine(summary) : alsoLine(summary);
  const lines = [terraformPlanLine(summary), next].filter((line) => line !== undefined);
  return `${lines.join('\n\n')}\n\n`;
}

/** Alerts for an errored plan and for a plan that deletes or replaces anything. */
export function alertBlocks(summary: PlanSummary): string {
  let text = '';
  if (summary.errored) {
    text +=
      '> [!CAUTION]\n> Terraform reported an error while planning: this plan is incomplete and cannot be applied.\n\n';
  }
  const warning = destructiveWarning(summary);
  if (warning) text += `> [!WARNING]\n> **${warning}**\n\n`;
  return text;
}

/** The notice that the comment was shortened, with how much was left out and where the full log is. */
export function shortenedNotice(leftEntries: number, leftLines: number, logUrl: string | undefined): string {
  const parts: string[] = [];
  if (leftEntries > 0) parts.push(`${formatCount(leftEntries)} list entries`);
  if (leftLines > 0) parts.push(`${formatCount(leftLines)} lines of plan output`);
  const where = logUrl ? `The full plan is in the ${link('job log', logUrl)}.` : 'The full plan is in the job log.';
  return `> [!NOTE]\n> Shortened to fit GitHub's 65,536-character limit: left out ${parts.join(' and ')}. ${where}\n\n`;
}

function moreLine(left: number, logUrl: string | undefined): string {
  return `- …and ${formatCount(left)} more, left out to fit (see the ${link('full log', logUrl)})\n`;
}

function listPart(
  heading: string,
  lines: string[],
  total: number,
  cutRank: number,
  logUrl: string | undefined,
): FitPart {
  return {
    cutRank,
    lines,
    total,
    frame: (_kept, left) => ({
      head: `#### ${heading} (${formatCount(total)})\n\n`,
      tail: `${left > 0 ? moreLine(left, logUrl) : ''}\n`,
    }),
  };
}

/** Cut order of the lists: the lower, the sooner cut. Deletions and replacements go last. */
const groupRanks: Record<ChangeGroupKey, number> = {
  read: 10,
  relocate: 30,
  update: 40,
  create: 50,
  forget: 60,
  replace: 80,
  delete: 90,
};

function changeLine(change: ResourceChange): string {
  const notes = changeNotes(change, inlineCode);
  return `- ${inlineCode(change.address)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** One group of changed resources as a list of addresses; lines are made only as far as `maxChars` reaches. */
export function groupPart(group: ChangeGroup, logUrl: string | undefined, maxChars: number): FitPart {
  const lines = linesWithin(group.changes, changeLine, maxChars);
  return listPart(group.title, lines, group.changes.length, groupRanks[group.key], logUrl);
}

/** Resources changed outside Terraform since the last apply. */
export function driftPart(summary: PlanSummary, logUrl: string | undefined, maxChars: number): FitPart {
  const line = (change: ResourceChange) => `- ${inlineCode(change.address)}: ${driftWord(change.action)}`;
  const lines = linesWithin(summary.drift, line, maxChars);
  return listPart('Changed outside Terraform', lines, summary.drift.length, 20, logUrl);
}

/** Outputs whose value changes, with sensitivity but never a value. */
export function outputsPart(summary: PlanSummary, logUrl: string | undefined, maxChars: number): FitPart {
  const line = (output: OutputChange) => `- ${inlineCode(output.name)}: ${outputWord(output)}`;
  const lines = linesWithin(summary.outputs, line, maxChars);
  return listPart('Output changes', lines, summary.outputs.length, 15, logUrl);
}

/** The plan text, collapsed; the first thing cut, from the end. */
export function planTextPart(planText: string, logUrl: string | undefined, maxChars: number): FitPart {
  const text = safeBlockText(planText)
    .replace(/^(?:[ \t]*\r?\n)+/, '')
    .trimEnd();
  const fence = codeFence(text);
  const where = `see the ${link('full log', logUrl)}`;
  return {
    cutRank: 0,
    lines: firstLines(text, maxChars),
    total: countLines(text),
    frame: (kept, left) => {
      if (kept === 0)
        return { head: `_Plan output left out to fit (${formatCount(left)} lines); ${where}._\n\n`, tail: '' };
      const more = left > 0 ? `\n_…${formatCount(left)} more lines left out to fit; ${where}._\n` : '';
      return {
        head: `<details><summary>Plan output</summary>\n\n${fence}text\n`,
        tail: `${fence}\n${more}\n</details>\n\n`,
      };
    },
  };
}

/** The small print: commit, job, Terraform version and the log link. */
export function footerBlock(summary: PlanSummary, ctx: PlanContext): string {
  const facts: string[] = [];
  if (ctx.sha) facts.push(`commit ${inlineCode(shortSha(ctx.sha))}`);
  if (ctx.jobId) facts.push(`job ${inlineCode(ctx.jobId)}`);
  if (summary.terraformVersion) facts.push(`Terraform ${inlineCode(summary.terraformVersion)}`);
  if (ctx.logUrl) facts.push(link('full log', ctx.logUrl));
  return facts.length > 0 ? `<sub>${facts.join(' · ')}</sub>\n` : '';
}
