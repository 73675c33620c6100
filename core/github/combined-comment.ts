import type { Job, JobAction } from '../jobs/job';
import { redactSecrets } from '../redact';
import { inlineCode, link } from '../render/markdown/escape';
import { renderPlanComment } from '../render/markdown/plan-comment';
import { fitComment, maxCommentLength } from './markers';
import { overviewTableHead, renderRow, resultOf } from './overview-comment';

/** The hidden first line of one part of the combined comment of a PR for an action. */
export function combinedMarker(action: JobAction, part: number): string {
  return `<!-- infrabot:combined=${action} part=${part} -->`;
}

/** One part of the combined comment: its marker and its body (which starts with the marker). */
export interface CombinedPart {
  marker: string;
  body: string;
}

export interface CombinedOptions {
  /** At most this many parts, as long as shortening the sections can keep to it. */
  maxParts: number;
  /** Room for each part's body (GitHub's limit less what the adapter adds). */
  partLimit: number;
}

export const defaultCombinedOptions: CombinedOptions = { maxParts: 3, partLimit: maxCommentLength - 200 };

/** Room kept in every part for its title and continuation line. */
const titleRoom = 1_000;
/** The sizes a section of a stack with changes is shortened to, in turn, until the parts fit. */
const sectionBudgets = [Number.POSITIVE_INFINITY, 16_000, 6_000, 2_500, 1_200];

/** Failed first, then destroying, changing, still running, and without changes last. */
function rank(job: Job): number {
  if (job.status === 'failed' || job.status === 'cancelled') return 0;
  if (job.status !== 'succeeded') return 3;
  const counts = job.summary?.counts;
  if (counts && counts.delete + counts.replace > 0) return 1;
  return job.summary?.hasChanges ? 2 : 4;
}

function ordered(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack));
}

/** One stack's collapsed section; empty for a stack still running. `short` gives a no-change stack one line. */
function renderSection(job: Job, budget: number, short: boolean): string {
  const summaryLine = `<details><summary>${resultOf(job)}: ${inlineCode(job.stack)}</summary>\n\n`;
  const logLink = job.build?.logUrl ? `${link('log', job.build.logUrl)} · ` : '';
  if (job.status === 'failed' || job.status === 'cancelled') {
    const why = job.reason ? `**Why:** ${redactSecrets(job.reason)}\n\n` : '';
    return `${summaryLine}${why}${logLink}job ${inlineCode(job.id)}\n\n</details>\n\n`;
  }
  if (job.status !== 'succeeded') return '';
  if (!job.summary || (short && rank(job) === 4)) return `- ${resultOf(job)}: ${inlineCode(job.stack)}\n\n`;
  const plan = renderPlanComment(
    job.summary,
    {
      stack: job.stack,
      sha: job.sha,
      jobId: job.id,
      action: job.action,
      ...(job.build?.logUrl ? { logUrl: job.build.logUrl } : {}),
    },
    budget,
  );
  // The stack's own marker and title would be wrong here: the summary line names the stack.
  const body = plan
    .split('\n')
    .slice(1)
    .join('\n')
    .replace(/^### [^\n]*\n\n/, '');
  return `${summaryLine}${body.trimEnd()}\n\n</details>\n\n`;
}

function headline(jobs: readonly Job[], action: JobAction, sha: string): string {
  const count = (wanted: number) => jobs.filter((job) => rank(job) === wanted).length;
  const tally = [
    [count(0), 'failed'],
    [count(1), 'destroying'],
    [count(2), 'changing'],
    [count(4), 'without changes'],
    [count(3), 'still running'],
  ]
    .filter(([n]) => Number(n) > 0)
    .map(([n, words]) => `${n} ${words}`)
    .join(' · ');
  return `### infrabot ${action}: ${jobs.length} stacks at \`${sha.slice(0, 7)}\`\n\n${tally}\n\n`;
}

/** Sections packed in order into as few parts as fit, the table heading the first. */
function pack(table: string, sections: readonly string[], room: number): string[][] {
  const parts: string[][] = [[table]];
  let used = table.length;
  for (const section of sections) {
    if (section.length === 0) continue;
    if (used + section.length > room) {
      parts.push([]);
      used = 0;
    }
    parts.at(-1)?.push(section);
    used += section.length;
  }
  return parts;
}

function sectionsFor(jobs: readonly Job[], budget: number, short: boolean, room: number): string[] {
  return jobs.map((job) => renderSection(job, Math.min(budget, room - 200), short));
}

/**
 * The combined comment of a PR for one action, for PRs that touch many stacks: the overview table first
 * (stack, result, counts, log), then each stack's summary in a collapsed section, failed and destroying
 * stacks first. When it would pass GitHub's limit, the sections of stacks without changes shrink to one line
 * first, then the comment is split into as few parts as fit, shortening the sections with changes as far as
 * needed to stay within `maxParts`. Each part has its own marker, so that it is updated, never posted again.
 */
export function renderCombinedComment(
  jobs: readonly Job[],
  action: JobAction,
  sha: string,
  options: CombinedOptions = defaultCombinedOptions,
): CombinedPart[] {
  const sorted = ordered(jobs);
  const table = `${headline(sorted, action, sha)}${[...overviewTableHead, ...sorted.map(renderRow)].join('\n')}\n\n`;
  const room = options.partLimit - titleRoom;
  let parts = pack(table, sectionsFor(sorted, Number.POSITIVE_INFINITY, false, room), room);
  for (const budget of parts.length === 1 ? [] : sectionBudgets) {
    parts = pack(table, sectionsFor(sorted, budget, true, room), room);
    if (parts.length <= options.maxParts) break;
  }
  return parts.map((sections, index) => {
    const marker = combinedMarker(action, index + 1);
    const continued =
      index === 0
        ? ''
        : `### infrabot ${action} at \`${sha.slice(0, 7)}\`, continued (${index + 1} of ${parts.length})\n\n`;
    const next = index + 1 < parts.length ? `_Continued in the next comment (${index + 2} of ${parts.length})._\n` : '';
    return {
      marker,
      body: fitComment(`${marker}\n${continued}${sections.join('')}${next}`.slice(0, options.partLimit)),
    };
  });
}
