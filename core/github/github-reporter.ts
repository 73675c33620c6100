import { isFinished, type Job } from '../jobs/job';
import type { Clock, Issues, JobEnd, JobReporter, JobStore, LeaseStore, PullRequests, Sleep } from '../ports';
import { closeApplyFailedIssue, openApplyFailedIssue } from './apply-failed-issue';
import { commitStatusFor } from './commit-status';
import { labelsFor } from './labels';
import { PrReportBatches } from './pr-report-batches';
import { type CommentSettings, perStackComments, prComments, prJobsAt } from './pr-report-comments';
import { managedLabels } from './pull-request';

/** How many of a PR's jobs are read to build its labels and comments. */
const prJobsRead = 200;

export interface GitHubReporterDeps {
  /** The PRs reported on, and the issues opened when an apply after a merge fails. */
  pullRequests: PullRequests & Issues;
  store: Pick<JobStore, 'listJobs' | 'getJob'> & LeaseStore;
  clock: Clock;
  sleep: Sleep;
  comments: CommentSettings;
  /** Who this process is in the store's leases; a random id by default. */
  holder?: string;
  /** How long job ends are gathered before the PR is refreshed (and the least time between two refreshes). */
  batchMs?: number;
  /** Hears the failures of writes sent on without waiting (pending statuses), with the activity that failed. */
  onError: (activity: string, error: unknown) => void;
}

/** A few seconds: plans that end together are reported together, and nobody waits long. */
export const defaultBatchMs = 3_000;
const leaseTtlMs = 5 * 60_000;

/**
 * Reports jobs made for a PR on the PR: a commit status per stack and action (pending when the build
 * starts, its result at the end, linking to the log), the results as comments (a comment per stack, or one
 * combined comment for PRs that touch many stacks, see `github.comments`), the labels, and the overview.
 * Ends are batched per PR (see {@link PrReportBatches}): a refresh reads the PR's jobs and comments once and
 * writes only what changed, and one process at a time refreshes a PR, so that no comment is posted twice.
 * An apply that failed after its PR merged opens an issue (see `openApplyFailedIssue`), closed by the stack's
 * next successful apply from any door. Jobs without a PR are otherwise left to the other reporters.
 */
export class GitHubReporter implements JobReporter {
  private readonly batches: PrReportBatches<JobEnd>;
  /** The labels this process last set on each PR. */
  private readonly labelsSet = new Map<number, string>();
  /** Writes sent on without waiting, until they are sent or have failed. */
  private readonly queued = new Set<Promise<void>>();

  constructor(private readonly deps: GitHubReporterDeps) {
    this.batches = new PrReportBatches<JobEnd>(
      {
        clock: deps.clock,
        sleep: deps.sleep,
        leases: deps.store,
        holder: deps.holder ?? globalThis.crypto.randomUUID(),
        batchMs: deps.batchMs ?? defaultBatchMs,
        leaseTtlMs,
      },
      {
        refresh: (pr, ends) => this.refresh(pr, ends),
        current: async (pr) => fingerprint(await this.prJobs(pr)),
        withoutLease: (pr, ends) => this.reportOwn(pr, ends),
      },
    );
  }

  /**
   * Queues the job's pending status and returns: GitHub's writes are paced about 750 ms apart, and a PR of
   * 60 stacks would otherwise start its builds over 44 s. A final status ready before its pending one was
   * sent replaces it (the pacer coalesces them), and one whose job has ended by its turn is dropped: another
   * process (a notifier Lambda) may have sent the result already. {@link settled} waits for the queue.
   */
  async jobStarted(job: Job): Promise<void> {
    if (job.pr === undefined) return;
    const activity = `setting the pending status of job ${job.id} on PR #${job.pr}`;
    const write = this.deps.pullRequests
      .setCommitStatus(commitStatusFor(job), { unless: () => this.hasEnded(job.id) })
      .catch((error: unknown) => this.deps.onError(activity, error))
      .finally(() => this.queued.delete(write));
    this.queued.add(write);
  }

  private async hasEnded(jobId: string): Promise<boolean> {
    const job = await this.deps.store.getJob(jobId);
    return job !== undefined && isFinished(job.status);
  }

  async settled(): Promise<void> {
    while (this.queued.size > 0) await Promise.all(this.queued);
  }

  async jobFinished(job: Job, end: JobEnd): Promise<void> {
    await closeApplyFailedIssue(job, this.deps.pullRequests);
    if (job.pr === undefined) return;
    await openApplyFailedIssue(job, end, this.deps.pullRequests);
    // The status goes to the pacer while the end joins the PR's batch: neither waits for the other.
    await Promise.all([
      this.deps.pullRequests.setCommitStatus(commitStatusFor(job)),
      this.batches.add(job.pr, { ...end, job }),
    ]);
  }

  private prJobs(pr: number): Promise<Job[]> {
    return this.deps.store.listJobs({ pr, limit: prJobsRead });
  }

  /** Labels from the newest plan of each stack at the PR's newest commit, and every comment the PR should carry. */
  private async refresh(pr: number, ends: readonly JobEnd[]): Promise<string> {
    const jobs = await this.prJobs(pr);
    const prJobs = prJobsAt(jobs);
    if (!prJobs) return fingerprint(jobs);
    // The results first: they are what people wait for.
    await this.deps.pullRequests.syncComments(pr, prComments(prJobs, ends, this.deps.comments));
    await this.syncLabels(pr, labelsFor(prJobs.byAction.plan));
    return fingerprint(jobs);
  }

  /** Labels are read and written only when they should change from what this process last set. */
  private async syncLabels(pr: number, wanted: readonly string[]): Promise<void> {
    const key = wanted.join(',');
    if (this.labelsSet.get(pr) === key) return;
    await this.deps.pullRequests.syncLabels(pr, wanted, managedLabels);
    this.labelsSet.set(pr, key);
  }

  /** While another process refreshes the PR: the per-stack comments only this process can write. */
  private async reportOwn(pr: number, ends: readonly JobEnd[]): Promise<void> {
    const prJobs = prJobsAt(await this.prJobs(pr));
    if (prJobs) await this.deps.pullRequests.syncComments(pr, perStackComments(prJobs, ends, this.deps.comments));
  }
}

/** What a refresh reported: the PR's finished jobs (a job starting is no news for its comments). */
function fingerprint(jobs: readonly Job[]): string {
  return jobs
    .filter((job) => isFinished(job.status))
    .map((job) => job.id)
    .join(',');
}
