import type { Job } from '../../jobs/job';
import type { JobEnd } from '../../ports';
import type { Block } from './block-kit';
import { renderPlanBlocks } from './plan-blocks';

/** The most characters of plan text shown in the message; longer plans go to the thread as a file. */
export const inlinePlanTextLimit = 2_800;

/** The plan summary of a finished job, as blocks, leaving `reserved` blocks of the 50 for the job's own. */
export function planBlocks(job: Job, end: JobEnd, reserved: number): Block[] {
  if (!job.summary) return [];
  return renderPlanBlocks(
    job.summary,
    {
      stack: job.stack,
      sha: job.sha,
      jobId: job.id,
      action: job.action,
      ...(end.planText !== undefined ? { planText: end.planText } : {}),
      ...(job.build?.logUrl ? { logUrl: job.build.logUrl } : {}),
    },
    { maxBlocks: 50 - reserved, planTextSize: inlinePlanTextLimit },
  );
}
