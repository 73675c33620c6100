import type { Job } from '../jobs/job';
import type { JobEnd, JobReporter } from '../ports';

/**
 * Reports to several places (Slack, the PR). One place failing does not keep the others from hearing:
 * each failure goes to `onError` with the activity that failed.
 */
export class CompositeReporter implements JobReporter {
  constructor(
    private readonly reporters: readonly JobReporter[],
    private readonly onError: (activity: string, error: unknown) => void,
  ) {}

  async jobStarted(job: Job): Promise<void> {
    await this.each(`reporting the start of job ${job.id}`, (reporter) => reporter.jobStarted(job));
  }

  async jobFinished(job: Job, end: JobEnd): Promise<void> {
    await this.each(`reporting the end of job ${job.id}`, (reporter) => reporter.jobFinished(job, end));
  }

  async settled(): Promise<void> {
    await this.each('sending the reports still queued', (reporter) => reporter.settled());
  }

  private async each(activity: string, call: (reporter: JobReporter) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.reporters.map(call));
    for (const result of results) if (result.status === 'rejected') this.onError(activity, result.reason);
  }
}
