import type { Config } from '../config/schema';
import type { Job, JobAction } from '../jobs/job';
import type { JobEnd } from '../ports';
import type { OrderedStack } from '../stacks/apply-order';
import { renderCombinedComment } from './combined-comment';
import { applyMarker, renderJobComment } from './job-comment';
import { latestPerStack } from './labels';
import { overviewMarker, stackMarker } from './markers';
import { overviewThreshold, renderOverviewComment } from './overview-comment';
import type { MarkedComment } from './pull-request';
import { upstreamNote, withNote } from './upstream-note';

/**
 * How results reach a PR (`github.comments` and `github.commentsPerStackMax`), and the stacks with their
 * `dependsOn`, by which the overview shows the order of applies.
 */
export type CommentSettings = Pick<Config['github'], 'comments' | 'commentsPerStackMax'> & {
  stacks?: readonly OrderedStack[];
};

/** What a PR's jobs look like at its newest commit. */
export interface PrJobs {
  /** The PR's newest commit among its jobs. */
  sha: string;
  /** The newest job of each stack at that commit, whatever its action. */
  latest: Job[];
  /** The newest job of each stack at that commit, per action. */
  byAction: Record<JobAction, Job[]>;
}

/** The PR's jobs at its newest commit (`jobs` newest first, as the store lists them). */
export function prJobsAt(jobs: readonly Job[]): PrJobs | undefined {
  const sha = jobs[0]?.sha;
  if (sha === undefined) return undefined;
  const of = (action: JobAction) =>
    latestPerStack(
      jobs.filter((job) => job.action === action),
      sha,
    );
  return { sha, latest: latestPerStack(jobs, sha), byAction: { plan: of('plan'), apply: of('apply') } };
}

/** Whether an action's results go in one combined comment, given how many stacks it reports. */
export function isCombined(settings: CommentSettings, stacks: number): boolean {
  if (settings.comments === 'auto') return stacks > settings.commentsPerStackMax;
  return settings.comments === 'combined';
}

/**
 * The comment of one finished job under its stack's marker (plans) or its apply marker (applies), with
 * `note` under its title when given.
 */
export function jobComment(end: JobEnd, note?: string): MarkedComment {
  const { job } = end;
  const marker = job.action === 'apply' ? applyMarker(job.stack) : stackMarker(job.stack);
  return { marker, sha: job.sha, body: withNote(renderJobComment(job, end), note) };
}

/**
 * The per-stack comments of `ends` (this process's finished jobs) whose action is reported per stack: only
 * the process that saw a job end has its plan text and log tail. A plan whose upstream stacks have changes
 * not applied yet says so (see `upstreamNote`).
 */
export function perStackComments(prJobs: PrJobs, ends: readonly JobEnd[], settings: CommentSettings): MarkedComment[] {
  return ends
    .filter((end) => !isCombined(settings, prJobs.byAction[end.job.action].length))
    .map((end) => jobComment(end, upstreamNote(end.job, prJobs, settings.stacks ?? [])));
}

/**
 * Every comment a PR should carry after a refresh: the per-stack comments of `ends`, one combined comment
 * (in parts) per action with more stacks than per-stack comments allow, and the overview when plans are
 * reported per stack and the PR touches several stacks.
 */
export function prComments(prJobs: PrJobs, ends: readonly JobEnd[], settings: CommentSettings): MarkedComment[] {
  const comments = perStackComments(prJobs, ends, settings);
  for (const action of ['plan', 'apply'] as const) {
    const jobs = prJobs.byAction[action];
    if (jobs.length === 0 || !isCombined(settings, jobs.length)) continue;
    for (const part of renderCombinedComment(jobs, action, prJobs.sha)) comments.push({ ...part, sha: prJobs.sha });
  }
  if (!isCombined(settings, prJobs.byAction.plan.length) && prJobs.latest.length >= overviewThreshold) {
    comments.push({
      marker: overviewMarker,
      body: renderOverviewComment(prJobs.latest, prJobs.sha, settings.stacks ?? []),
    });
  }
  return comments;
}
