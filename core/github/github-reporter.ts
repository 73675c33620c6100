import type { Job } from '../jobs/job';
import type { JobEnd, JobReporter, JobStore, PullRequests } from '../ports';
import { commitStatusFor } from './commit-status';
import { renderJobComment } from './job-comment';
import { labelsFor, latestPerStack } from './labels';
import { overviewThreshold, renderOverviewComment } from './overview-comment';
import { managedLabels } from './pull-request';

/** How many of a PR's jobs are read to build its labels and overview. */
const prJobsRead = 200;

/**
 * Reports jobs made for a PR on the PR: a commit status per stack and action (pending when the build
 * starts, its result at the end, linking to the log), the stack's comment (the plan; an apply's result as
 * a new comment), the labels, and the overview when the PR touches several stacks. Jobs without a PR are
 * left to the other reporters.
 */
export class GitHubReporter implements JobReporter {
  constructor(private readonly deps: { pullRequests: PullRequests; store: Pick<JobStore, 'listJobs'> }) {}

  async jobStarted(job: Job): Promise<void> {
    if (job.pr === undefined) return;
    await this.deps.pullRequests.setCommitStatus(commitStatusFor(job));
  }

  async jobFinished(job: Job, end: JobEnd): Promise<void> {
    if (job.pr === undefined) return;
    const { pullRequests } = this.deps;
    await pullRequests.setCommitStatus(commitStatusFor(job));
    const body = renderJobComment(job, end);
    if (job.action === 'plan')
      await pullRequests.upsertStackComment({ pr: job.pr, stack: job.stack, sha: job.sha, body });
    else await pullRequests.reply(job.pr, body);
    await this.refreshPr(job.pr, job);
  }

  /** Labels and overview from the newest job of each stack at the PR's newest commit. */
  private async refreshPr(pr: number, finished: Job): Promise<void> {
    const jobs = await this.deps.store.listJobs({ pr, limit: prJobsRead });
    const sha = jobs[0]?.sha ?? finished.sha;
    const plans = latestPerStack(
      jobs.filter((job) => job.action === 'plan'),
      sha,
    );
    await this.deps.pullRequests.syncLabels(pr, labelsFor(plans), managedLabels);
    const latest = latestPerStack(jobs, sha);
    if (latest.length >= overviewThreshold) {
      await this.deps.pullRequests.upsertOverviewComment(pr, renderOverviewComment(latest, sha));
    }
  }
}
