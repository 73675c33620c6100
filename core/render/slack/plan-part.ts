import type { Job } from '../../jobs/job';
import type { ChangeCounts } from '../../plan/summary';
import type { JobEnd } from '../../ports';
import { type Block, escapeMrkdwn, section } from './block-kit';

/** "2 to add, 1 to change, 1 to destroy" in Terraform's own words. */
export function describeCounts(counts: ChangeCounts): string {
  const parts = [
    counts.create > 0 ? `${counts.create} to add` : '',
    counts.update > 0 ? `${counts.update} to change` : '',
    counts.replace > 0 ? `${counts.replace} to replace` : '',
    counts.delete > 0 ? `${counts.delete} to destroy` : '',
    counts.import > 0 ? `${counts.import} to import` : '',
    counts.move > 0 ? `${counts.move} to move` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

/** The plan summary of a finished job, as blocks. */
export function planBlocks(job: Job, _end: JobEnd): Block[] {
  if (!job.summary) return [];
  const verb = job.action === 'apply' ? 'Applied' : 'Plan';
  return [section(`*${verb}:* ${escapeMrkdwn(describeCounts(job.summary.counts))}`)];
}
