import type { Job } from '../jobs/job';
import { fitComment, overviewMarker } from './markers';

/** One row of the overview: the newest job of a stack at the PR's head, and where its comment is. */
export interface OverviewRow {
  job: Job;
  commentUrl?: string;
}

/** How many stacks a PR must touch before it gets an overview comment. */
export const overviewThreshold = 2;

/**
 * The PR's overview comment: one table row per stack (result, counts, links), under the hidden marker
 * `<!-- infrabot:overview -->` by which it is found and updated.
 */
export function renderOverviewComment(rows: readonly OverviewRow[], sha: string): string {
  const lines = [
    overviewMarker,
    `### infrabot: ${rows.length} stacks at \`${sha.slice(0, 7)}\``,
    '',
    '| stack | result | add | change | destroy | replace | links |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(renderRow),
  ];
  return fitComment(lines.join('\n'));
}

function renderRow(row: OverviewRow): string {
  const { job } = row;
  const counts = job.status === 'succeeded' ? job.summary?.counts : undefined;
  const cells = counts ? [counts.create, counts.update, counts.delete, counts.replace].map(String) : ['', '', '', ''];
  const links = [
    row.commentUrl ? `[details](${row.commentUrl})` : undefined,
    job.build?.logUrl ? `[log](${job.build.logUrl})` : undefined,
  ].filter((link) => link !== undefined);
  return `| \`${job.stack}\` | ${resultOf(job)} | ${cells.join(' | ')} | ${links.join(' · ')} |`;
}

function resultOf(job: Job): string {
  if (job.status === 'queued' || job.status === 'running') return `⏳ ${job.action} ${job.status}`;
  if (job.status === 'failed') return `❌ ${job.action} failed`;
  if (job.status === 'cancelled') return `⚪ ${job.action} cancelled`;
  if (job.action === 'apply') return '✅ applied';
  const summary = job.summary;
  if (!summary?.hasChanges) return '✅ no changes';
  if (summary.counts.delete + summary.counts.replace > 0) return '⚠️ destroys';
  return '📝 changes';
}
