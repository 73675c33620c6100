import type { Job } from '../jobs/job';
import type { ManagedLabel } from './pull-request';

/**
 * The labels a PR should carry given the latest plan of each stack it touches, at its head:
 * `infrabot:destroy` when any plan deletes or replaces, `infrabot:risky` when any plan has risk flags,
 * `infrabot:changes` when any plan changes something, `infrabot:no-changes` when every stack is planned and
 * none changes anything. Unfinished or failed plans say nothing yet.
 */
export function labelsFor(latestPlans: readonly Job[]): ManagedLabel[] {
  const summaries = latestPlans.filter((job) => job.status === 'succeeded' && job.summary).map((job) => job.summary);
  if (summaries.length === 0) return [];
  const labels: ManagedLabel[] = [];
  if (summaries.some((summary) => summary && summary.counts.delete + summary.counts.replace > 0)) {
    labels.push('infrabot:destroy');
  }
  if (summaries.some((summary) => (summary?.risks?.length ?? 0) > 0)) labels.push('infrabot:risky');
  if (summaries.some((summary) => summary?.hasChanges)) labels.push('infrabot:changes');
  else if (summaries.length === latestPlans.length) labels.push('infrabot:no-changes');
  return labels;
}

/** The newest job per stack among `jobs` (newest first, as the store lists them), at one commit. */
export function latestPerStack(jobs: readonly Job[], sha: string): Job[] {
  const byStack = new Map<string, Job>();
  for (const job of jobs) {
    if (job.sha === sha && !byStack.has(job.stack)) byStack.set(job.stack, job);
  }
  return [...byStack.values()].sort((a, b) => a.stack.localeCompare(b.stack));
}
