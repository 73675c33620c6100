import type { PlanSummary } from '../plan/summary';

export type JobAction = 'plan' | 'apply';
/** `waiting`: an apply that waits for other jobs of its request (see {@link ApplyOrder}) before it is queued. */
export type JobStatus = 'waiting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
/** Every status, in the order a job goes through them. */
export const jobStatuses: readonly JobStatus[] = ['waiting', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];
export type FinishedJobStatus = Extract<JobStatus, 'succeeded' | 'failed' | 'cancelled'>;
export type RequestSource = 'slack' | 'github' | 'actions' | 'schedule';

/**
 * What a job is for, when it is not an ordinary plan or apply: a `drift` check is a plan of the default branch's
 * head whose result is compared with the stack's last known drift (see `core/drift/`).
 */
export type JobKind = 'drift';

/**
 * A job's kind for a query: its {@link JobKind}, or `ordinary` for the plans and applies people ask for. Plans of
 * different kinds never stand for one another: a drift check is not a newer version of someone's plan.
 */
export type JobQueryKind = JobKind | 'ordinary';

/** The kind a query names `job` by. */
export function queryKindOf(job: Pick<Job, 'kind'>): JobQueryKind {
  return job.kind ?? 'ordinary';
}

/** Who asked for something, and through which door. */
export interface Requester {
  source: RequestSource;
  /** Slack user ID, GitHub login, the workflow (`job_workflow_ref`) for Actions, or the schedule's name. */
  id: string;
  /** A display name when known. */
  name?: string;
  /**
   * For Actions: the GitHub login whose push, PR or click started the workflow run (the token's `actor` claim).
   * Absent for other sources and in records written before it was kept.
   */
  triggeredBy?: string;
}

/** The Slack message a job reports into and updates. */
export interface SlackReplyTarget {
  channel: string;
  ts: string;
}

/** Where the runner put the job's build and its log. */
export interface BuildRef {
  id: string;
  logUrl?: string;
}

/**
 * A local build's detached driver process: its pid (which is also its process group) and its start time in clock
 * ticks after boot, as `/proc/<pid>/stat` gives it. Pids are reused; the pair names one process, so a restarted
 * bot can tell that the build it lost still runs.
 */
export interface BuildProcess {
  processGroup: number;
  startTicks: number;
}

/**
 * SHA-256 (hex) of a plan's saved files, taken when its build ended by a party the build cannot impersonate
 * (the local bot after the build process is gone, the notifier on AWS). An apply runs only a `tfplan` that
 * still has this digest.
 */
export interface PlanDigest {
  tfplan: string;
  planJson: string;
  /**
   * SHA-256 of the reviewed `plan.json`'s changes in canonical form (`core/plan/changes-digest.ts`): the apply
   * build describes the saved `tfplan` itself and applies it only when its changes have this digest. The `tfplan`
   * digest proves the file was not changed after its build; this one that it is the plan reviewers were shown.
   */
  changes: string;
  /**
   * SHA-256 of the plan text reviewers were shown (`plan.txt`, which the build wrote and no other digest covers);
   * absent when the plan showed none. The apply build's own text of the plan it applies must have it.
   */
  planText?: string;
}

/**
 * An apply that runs in dependency order, or after its PR merged: it waits (status `waiting`) until the applies
 * of the stacks it depends on in the same request succeeded, then its stack is planned again at `replanAt`, and
 * it applies that new plan only if it makes the same changes as the reviewed one (`planJobId` until then).
 * Kept once the job runs, as the record of why it waited.
 */
export interface ApplyOrder {
  /** The applies (job ids) of upstream stacks in the same request; empty when only the new plan is waited for. */
  upstream: string[];
  /** The commit the stack is planned again at: the PR's head, or the merge commit on the default branch. */
  replanAt: string;
  /** The ref of `replanAt` when it is a branch (the default branch, after a merge). */
  replanRef?: string;
  /** The new plan's job id, once it was started. */
  replan?: string;
  /** Set for the apply of a PR that merged (`applyOn: merge`). */
  merged?: true;
}

/** A plan or apply of one stack at one commit. */
export interface Job {
  id: string;
  action: JobAction;
  /** Set on a plan that checks the stack for drift; absent on an ordinary job. */
  kind?: JobKind;
  stack: string;
  /** The 40-hex commit the job runs at. */
  sha: string;
  /** The ref the user asked for, when it was not a commit. */
  ref?: string;
  pr?: number;
  /** For an apply: the plan job whose saved plan it applies. */
  planJobId?: string;
  requestedBy: Requester;
  reply?: SlackReplyTarget;
  status: JobStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  build?: BuildRef;
  /** Local builds: the driver running the build, recorded when it starts (see {@link BuildProcess}). */
  buildProcess?: BuildProcess;
  summary?: PlanSummary;
  /** For a plan that succeeded: the digests of its saved files. */
  planDigest?: PlanDigest;
  /** Why a job failed or was cancelled, in words a user understands. */
  reason?: string;
  /** For an apply in dependency order or after a merge: what it waits for (see {@link ApplyOrder}). */
  order?: ApplyOrder;
}

const allowedTransitions: Record<JobStatus, readonly JobStatus[]> = {
  waiting: ['queued', 'failed', 'cancelled'],
  queued: ['running', 'failed', 'cancelled'],
  running: ['succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

/** Whether a job may move from one status to another; finished jobs never change again. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return allowedTransitions[from].includes(to);
}

export function isFinished(status: JobStatus): status is FinishedJobStatus {
  return allowedTransitions[status].length === 0;
}

/** A job id that sorts by creation time: `j-<base36 time>-<random>`. */
export function newJobId(now: Date, random: () => string): string {
  return `j-${now.getTime().toString(36)}-${random()}`;
}
