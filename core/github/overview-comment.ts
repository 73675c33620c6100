import type { Job } from '../jobs/job';
import { formatCount } from '../render/plan-facts';
import { terraformCounts } from '../render/terraform-plan-line';
import { fitComment, overviewMarker } from './markers';

/** How many stacks a PR must touch before it gets an overview comment. */
export const overviewThreshold = 2;

/**
 * The PR's overview comment: one table row per stack from its newest job (result, counts, log link), under the hidden marker
 * `<!-- infrabot:overview -->` by which it is found and updated.
 */
export function renderOverviewComment(jobs: readonly Job[], sha: string): string {
  const lines = [
    overviewMarker,
    `### infrabot: ${jobs.length} stacks at \`${sha.slice(0, 7)}\``,
    '',
    ...overviewTableHead,
    ...jobs.map(renderRow),
  ];
  return fitComment(lines.join('\n'));
}

/** The table's head: stack, result, counts and log. */
export const overviewTableHead = [
  '| stack | result | add | change | destroy | replace | log |',
  '| --- | --- | ---: | ---: | ---: | ---: | --- |',
];

/** One stack's row of the table, from its newest job. */
export function renderRow(job: Job): string {
  const summary = job.status === 'succeeded' ? job.summary : undefined;
  // add, change and destroy as Terraform counts them (a replacement is one add and one destroy), then how many replace.
  const counts = summary ? terraformCounts(summary) : undefined;
  const cells =
    summary && counts
      ? [counts.add, counts.change, counts.destroy, summary.counts.replace].map(formatCount)
      : ['', '', '', ''];
  const link = job.build?.logUrl ? `[log](${job.build.logUrl})` : '';
  return `| \`${job.stack}\` | ${resultOf(job)} | ${cells.join(' | ')} | ${link} |`;
}

/** A job's result in a few words with its emoji: `⚠️ destroys`, `❌ plan failed`, `⏳ plan running`. */
export function resultOf(job: Job): string {
  if (job.status === 'queued' || job.status === 'running') return `⏳ ${job.action} ${job.status}`;
  if (job.status === 'failed') return `❌ ${job.action} failed`;
  if (job.status === 'cancelled') return `⚪ ${job.action} cancelled`;
  if (job.action === 'apply') return '✅ applied';
  const summary = job.summary;
  if (!summary?.hasChanges) return '✅ no changes';
  if (summary.counts.delete + summary.counts.replace > 0) return '⚠️ destroys';
  return '📝 changes';
}
