import type { Job } from '../jobs/job';
import { formatCount } from '../render/plan-facts';
import { terraformCounts } from '../render/terraform-plan-line';
import { applyLayers, type OrderedStack } from '../stacks/apply-order';
import { fitComment, overviewMarker } from './markers';

/** How many stacks a PR must touch before it gets an overview comment. */
export const overviewThreshold = 2;

/**
 * The PR's overview comment: one table row per stack from its newest job (result, counts, log link), under the hidden marker
 * `<!-- infrabot:overview -->` by which it is found and updated. When some of the stacks depend on others
 * (`stacks`' `dependsOn`), the rows go in the order they are applied, each with its layer.
 */
export function renderOverviewComment(jobs: readonly Job[], sha: string, stacks: readonly OrderedStack[] = []): string {
  const layers = applyLayers(
    stacks,
    jobs.map((job) => job.stack),
  );
  const title = `### infrabot: ${jobs.length} stacks at \`${sha.slice(0, 7)}\``;
  if (layers.length < 2)
    return fitComment([overviewMarker, title, '', ...overviewTableHead, ...jobs.map(renderRow)].join('\n'));
  const order = layers.map((layer, index) => `${index + 1}. ${layer.map((name) => `\`${name}\``).join(', ')}`);
  const rows = layers.flatMap((layer, index) =>
    layer.flatMap((name) => jobs.filter((job) => job.stack === name).map((job) => `| ${index + 1} ${renderRow(job)}`)),
  );
  const lines = [
    overviewMarker,
    title,
    '',
    'Applied in this order: each layer after the one before it applied, and planned again first.',
    '',
    ...order,
    '',
    ...overviewTableHead.map((line, index) => (index === 0 ? `| layer ${line}` : `| ---: ${line}`)),
    ...rows,
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
  if (job.status === 'waiting') return job.order?.replan ? '⏳ planning again' : '⏸️ apply waiting';
  if (job.status === 'queued' || job.status === 'running') return `⏳ ${job.action} ${job.status}`;
  if (job.status === 'failed') return `❌ ${job.action} failed`;
  if (job.status === 'cancelled') return `⚪ ${job.action} cancelled`;
  if (job.action === 'apply') return '✅ applied';
  const summary = job.summary;
  if (!summary?.hasChanges) return '✅ no changes';
  if (summary.counts.delete + summary.counts.replace > 0) return '⚠️ destroys';
  return '📝 changes';
}
