import type { Job, JobAction, JobQueryKind, JobStatus } from '../jobs/job';
import type { Lock, LockOwner, LockRequest, LockResult } from '../locks/lock';

export interface JobQuery {
  stack?: string;
  status?: readonly JobStatus[];
  action?: JobAction;
  /** Only jobs of this kind (`ordinary`: jobs without one), so that a drift check does not supersede a person's plan. */
  kind?: JobQueryKind;
  pr?: number;
  /** Only jobs created at or after this time (ISO 8601): a look at recent jobs reads no older ones. */
  createdSince?: string;
  /** Newest first, at most this many. */
  limit: number;
}

export interface JobStore {
  /** Records a new job; returns false (and changes nothing) when a job with that id exists. */
  createJob(job: Job): Promise<boolean>;
  getJob(id: string): Promise<Job | undefined>;
  /**
   * Moves a job to `to` and applies `patch`, only if the move is allowed from its current status
   * (see `canTransition`). Returns the updated job, or undefined when the job is missing or the move is
   * not allowed: a duplicate or out-of-order event then changes nothing.
   */
  transitionJob(id: string, to: JobStatus, patch?: JobPatch): Promise<Job | undefined>;
  /** Sets fields that do not change the status (the build, the Slack message). */
  updateJob(id: string, patch: JobPatch): Promise<void>;
  listJobs(query: JobQuery): Promise<Job[]>;
}

/**
 * Fields of a job that change after it is created. `sha`, `planJobId` and `order` change only for a waiting
 * apply, when the plan made again after its upstream applies (or its merge) takes the reviewed plan's place.
 */
export type JobPatch = Partial<
  Pick<
    Job,
    | 'startedAt'
    | 'finishedAt'
    | 'build'
    | 'buildProcess'
    | 'summary'
    | 'planDigest'
    | 'reason'
    | 'reply'
    | 'sha'
    | 'planJobId'
    | 'order'
  >
>;

export interface LockStore {
  /** Takes the stack's lock for a job, atomically; on refusal returns who holds it. */
  acquireLock(request: LockRequest, now: Date): Promise<LockResult>;
  /**
   * Ends a job's hold on its stack: a lock owned by the job is removed; a lock owned by a PR stays with
   * no active job. Returns false when the job held nothing (already released, or taken over).
   */
  releaseJobLock(stack: string, jobId: string, now: Date): Promise<boolean>;
  /** Removes the lock if `owner` holds it (a PR closing). */
  releaseLock(stack: string, owner: LockOwner): Promise<boolean>;
  /**
   * Removes the lock only if it is still the one `checked` (same owner, same active job or none; see
   * `isCheckedLock`), expired or not: a `/tf unlock`. A lock taken in between stays; returns whether it went.
   */
  releaseCheckedLock(checked: Lock): Promise<boolean>;
  /**
   * A heartbeat of a live job: pushes its lock's expiry to `until` if `jobId` is the job running under it and
   * the lock would end sooner (`canExtend`); returns whether the expiry moved. Never takes or shortens a lock.
   */
  extendJobLock(stack: string, jobId: string, until: Date): Promise<boolean>;
  /** The stack's lock, unless there is none or it has expired. */
  getLock(stack: string, now: Date): Promise<Lock | undefined>;
  listLocks(now: Date): Promise<Lock[]>;
}
