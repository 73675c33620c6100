import type { PlanSummary } from '../../plan/summary';
import { changeNotes, driftWord, outputWord } from '../change-notes';
import type { FitPart } from '../fit';
import type { PlanContext } from '../plan-context';
import type { ChangeGroup, ChangeGroupKey } from '../plan-facts';
import { actionLabel, countPhrases, destructiveWarning, formatCount } from '../plan-facts';
import { escapeMrkdwn, slackBlockText, slackCode, slackLink } from './escape';

/** The named pieces of the Slack message: texts for fixed blocks, and {@link FitPart}s for the lists. */

/** The header text, at most 150 characters. */
export function headerText(ctx: PlanContext): string {
  const text = `Terraform ${actionLabel(ctx).toLowerCase()} for ${ctx.stack}`;
  return text.length <= 150 ? text : `${text.slice(0, 149)}…`;
}

/** The result at a glance (mrkdwn). */
export function glanceText(summary: PlanSummary, ctx: PlanContext): string {
  const lines: string[] = [];
  if (summary.errored) lines.push(':x: *Terraform reported an error:* this plan is incomplete and cannot be applied.');
  if (summary.hasChanges) lines.push(`*${actionLabel(ctx)}:* ${countPhrases(summary.counts).join(', ')}.`);
  else lines.push('*No changes.* The infrastructure matches the configuration.');
  if (!summary.hasChanges && summary.counts.read > 0)
    lines.push(`${formatCount(summary.counts.read)} data sources to read.`);
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

function listPart(heading: string, lines: string[], cutRank: number, logUrl: string | undefined): FitPart {
  return {
    cutRank,
    lines,
    frame: (_kept, left) => ({
      head: `*${escapeMrkdwn(heading)} (${formatCount(lines.length)})*\n`,
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

/** One group of changed resources. */
export function groupPart(group: ChangeGroup, logUrl: string | undefined): FitPart {
  const lines = group.changes.map((change) => {
    const notes = changeNotes(change, slackCode);
    return clip(`• ${slackCode(change.address)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
  });
  return listPart(group.title, lines, groupRanks[group.key], logUrl);
}

/** Resources changed outside Terraform. */
export function driftPart(summary: PlanSummary, logUrl: string | undefined): FitPart {
  const lines = summary.drift.map((change) => clip(`• ${slackCode(change.address)}: ${driftWord(change.action)}`));
  return listPart('Changed outside Terraform', lines, 20, logUrl);
}

/** Outputs whose value changes, never their values. */
export function outputsPart(summary: PlanSummary, logUrl: string | undefined): FitPart {
  const lines = summary.outputs.map((output) => clip(`• ${slackCode(output.name)}: ${outputWord(output)}`));
  return listPart('Output changes', lines, 15, logUrl);
}

/** The plan text in one code block of at most `maxSize` characters, cut first. */
export function planTextPart(planText: string, logUrl: string | undefined, maxSize: number): FitPart {
  const text = slackBlockText(planText)
    .replace(/^(?:[ \t]*\r?\n)+/, '')
    .trimEnd();
  const lines = text.split(/\r?\n/).map(clip);
  const where = `see the ${slackLink('full log', logUrl)}`;
  return {
    cutRank: 0,
    lines,
    maxSize,
    frame: (kept, left) => {
      if (kept === 0) return { head: `_Plan output left out (${formatCount(left)} lines); ${where}._\n`, tail: '' };
      const more = left > 0 ? `_…${formatCount(left)} more lines; ${where}._\n` : '';
      return { head: '*Plan output*\n```\n', tail: `\`\`\`\n${more}` };
    },
  };
}
