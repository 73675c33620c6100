import type { OutputChange, PlanSummary, ResourceChange } from '../../plan/summary';
import { changeNotes, driftWord, outputWord } from '../change-notes';
import { countLines, type FitPart, firstLines, linesWithin } from '../fit';
import type { PlanContext } from '../plan-context';
import type { ChangeGroup, ChangeGroupKey } from '../plan-facts';
import { actionLabel, destructiveWarning, formatCount, plural } from '../plan-facts';
import { breakdownLine, terraformPlanLine } from '../terraform-plan-line';
import { escapeMrkdwn, slackBlockText, slackCode, slackLink } from './escape';

/** The named pieces of the Slack message: texts for fixed blocks, and {@link FitPart}s for the lists. */

/** The header text, at most 150 characters. */
export function headerText(ctx: PlanContext): string {
  const what = `Terraform ${actionLabel(ctx).toLowerCase()}`;
  const text = ctx.stack === '' ? what : `${what} for ${ctx.stack}`;
  return text.length <= 150 ? text : `${text.slice(0, 149)}…`;
}

/** The result at a glance (mrkdwn): Terraform's own line first, word for word, then infrabot's breakdown. */
export function glanceText(summary: PlanSummary): string {
  const lines: string[] = [];
  if (summary.errored) lines.push(':x: *Terraform reported an error:* this plan is incomplete and cannot be applied.');
  lines.push(`*${terraformPlanLine(summary)}*`);
  const breakdown = breakdownLine(summary);
  if (breakdown !== undefined) lines.push(breakdown);
  if (!summary.hasChanges && summary.counts.read > 0)
    lines.push(`${plural(summary.counts.read, 'data source')} to read.`);
  return lines.join('\n');
}

/** The warning for a plan that deletes or replaces anything (mrkdwn), or undefined. */
export function warningText(summary: PlanSummary): string | undefined {
  const warning = destructiveWarning(summary);
  return warning ? `:warning: *${warning}*` : undefined;
}

/** The notice that the message was shortened (mrkdwn). */
export function shortenedText(leftEntries: number, leftLines: number, logUrl: string | undefined): string {
  const parts: string[] = [];
  if (leftEntries > 0) parts.push(`${formatCount(leftEntries)} list entries`);
  if (leftLines > 0) parts.push(`${formatCount(leftLines)} lines of plan output`);
  return `:scissors: Shortened to fit Slack: left out ${parts.join(' and ')}. The full plan is in the ${slackLink('job log', logUrl)}.`;
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
      head: `*${escapeMrkdwn(heading)} (${formatCount(total)})*\n`,
      tail: left > 0 ? `• …and ${formatCount(left)} more, left out (see the ${slackLink('full log', logUrl)})\n` : '',
    }),
  };
}

const groupRanks: Record<ChangeGroupKey, number> = {
  read: 10,
  relocate: 30,
  update: 40,
  create: 50,
  forget: 60,
  replace: 80,
  delete: 90,
};

/** The longest list line kept whole; longer ones are shortened so one line always fits a section. */
const maxLine = 500;

function clip(line: string): string {
  return line.length <= maxLine ? line : `${line.slice(0, maxLine - 1)}…`;
}

function changeLine(change: ResourceChange): string {
  const notes = changeNotes(change, slackCode);
  return clip(`• ${slackCode(change.address)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
}

/** One group of changed resources; lines are made only as far as `maxChars` reaches. */
export function groupPart(group: ChangeGroup, logUrl: string | undefined, maxChars: number): FitPart {
  const lines = linesWithin(group.changes, changeLine, maxChars);
  return listPart(group.title, lines, group.changes.length, groupRanks[group.key], logUrl);
}

/** Resources changed outside Terraform. */
export function driftPart(summary: PlanSummary, logUrl: string | undefined, maxChars: number): FitPart {
  const line = (change: ResourceChange) => clip(`• ${slackCode(change.address)}: ${driftWord(change.action)}`);
  const lines = linesWithin(summary.drift, line, maxChars);
  return listPart('Changed outside Terraform', lines, summary.drift.length, 20, logUrl);
}

/** Outputs whose value changes, never their values. */
export function outputsPart(summary: PlanSummary, logUrl: string | undefined, maxChars: number): FitPart {
  const line = (output: OutputChange) => clip(`• ${slackCode(output.name)}: ${outputWord(output)}`);
  const lines = linesWithin(summary.outputs, line, maxChars);
  return listPart('Output changes', lines, summary.outputs.length, 15, logUrl);
}

/** The plan text in one code block of at most `maxSize` characters, cut first. */
export function planTextPart(planText: string, logUrl: string | undefined, maxSize: number): FitPart {
  const text = slackBlockText(planText)
    .replace(/^(?:[ \t]*\r?\n)+/, '')
    .trimEnd();
  const where = `see the ${slackLink('full log', logUrl)}`;
  return {
    cutRank: 0,
    lines: firstLines(text, maxSize).map(clip),
    total: countLines(text),
    maxSize,
    frame: (kept, left) => {
      if (kept === 0) return { head: `_Plan output left out (${formatCount(left)} lines); ${where}._\n`, tail: '' };
      const more = left > 0 ? `_…${formatCount(left)} more lines; ${where}._\n` : '';
      return { head: '*Plan output*\n```\n', tail: `\`\`\`\n${more}` };
    },
  };
}
