import type { Job } from '../jobs/job';
import { terraformPlanLine } from '../render/terraform-plan-line';
import type { CommitState, CommitStatus } from './pull-request';

/** GitHub's limit on a status description. */
export const maxStatusDescription = 140;

/** The status context branch protection can require, e.g. `infrabot/plan: aws/prod/network`. */
export function statusContext(action: Job['action'], stack: string): string {
  return `infrabot/${action}: ${stack}`;
}

const stateOf: Record<Job['status'], CommitState> = {
  waiting: 'pending',
  queued: 'pending',
  running: 'pending',
  succeeded: 'success',
  failed: 'failure',
  cancelled: 'error',
};

/** The commit status that reports a job, linking to its log when the log has a web address. */
export function commitStatusFor(job: Job): CommitStatus {
  return {
    sha: job.sha,
    ...(job.pr === undefined ? {} : { pr: job.pr }),
    context: statusContext(job.action, job.stack),
    state: stateOf[job.status],
    description: cut(describeJob(job)),
    // GitHub accepts only web addresses here; a local run's log is a file.
    ...(job.build?.logUrl && /^https?:\/\//.test(job.build.logUrl) ? { targetUrl: job.build.logUrl } : {}),
  };
}

function describeJob(job: Job): string {
  switch (job.status) {
    case 'waiting':
      return `${job.action} waiting${job.order?.upstream.length ? ' for the stacks it depends on' : ''}`;
    case 'queued':
      return `${job.action} queued`;
    case 'running':
      return `${job.action} running`;
    case 'failed':
      return `${job.action} failed${job.reason ? `: ${job.reason}` : ''}`;
    case 'cancelled':
      return `${job.action} cancelled${job.reason ? `: ${job.reason}` : ''}`;
    case 'succeeded':
      if (job.action === 'apply') return 'applied';
      return job.summary ? terraformPlanLine(job.summary) : 'planned';
  }
}

function cut(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= maxStatusDescription ? oneLine : `${oneLine.slice(0, maxStatusDescription - 1)}…`;
}
