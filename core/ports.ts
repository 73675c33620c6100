/**
 * The interfaces the domain needs from the outside world. Adapters implement them (SQLite or DynamoDB,
 * the local runner or CodeBuild, Slack, GitHub); tests use the in-memory fakes under test/fakes.
 * Each port has only the methods a use case calls.
 */
import type { DistributionSummary } from './cdn/distribution';
import type { CreateInvalidationResult, Invalidation } from './cdn/invalidation';
import type { StackConfig } from './config/schema';
import type { DriftPatch, DriftStatus } from './drift/drift-status';
import type {
  CommitStatus,
  MarkedComment,
  PullRequestInfo,
  PullRequestReview,
  RepositoryPermission,
} from './github/pull-request';
import type { BuildRef, Job, JobAction, JobQueryKind, JobStatus, Requester } from './jobs/job';
import type { JobRequest } from './jobs/job-request';
import type { Lock, LockOwner, LockRequest, LockResult } from './locks/lock';
import type { LogQuery, LogQueryStart, LogQueryStatus, LogResultPage } from './logs/log-query';
import type { SelfServiceTask } from './selfservice/task';
import type { ModuleGraphReport } from './stacks/module-graph';

export interface Clock {
  now(): Date;
}

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

/** One line of the audit trail: who did what, to what, with which outcome. */
export interface AuditEntry {
  at: string;
  actor: Requester;
  /** What was asked, e.g. `tf.plan`, `tf.unlock`, `cdn.invalidate`. */
  action: string;
  /** The stack, distribution or preset acted on. */
  target: string;
  outcome: 'accepted' | 'refused' | 'succeeded' | 'failed' | 'cancelled';
  jobId?: string;
  detail?: string;
}

export interface AuditLog {
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(query: { limit: number; target?: string }): Promise<AuditEntry[]>;
}

export interface IdempotencyStore {
  /**
   * Claims a key (a Slack retry's request, a webhook delivery, a button click) for `ttlMs`.
   * Returns true only for the first claim: later claims of a live key return false.
   */
  claimOnce(key: string, ttlMs: number, now: Date): Promise<boolean>;
}

/** One person's approval of applying a plan that has risk flags. */
export interface Approval {
  planJobId: string;
  approver: Requester;
  at: string;
}

/** Approvals of flagged plans; each belongs to one plan job, so a new plan starts over. */
export interface ApprovalStore {
  /**
   * Records an approval, atomically: returns false (and changes nothing) when the same person (same source and
   * id) already approved that plan, so a double click or a retry never counts twice.
   */
  addApproval(approval: Approval): Promise<boolean>;
  /** The approvals of a plan, oldest first. */
  listApprovals(planJobId: string): Promise<Approval[]>;
}

/**
 * Short leases that make one process at a time do a piece of work shared by several (reporting a PR while
 * several notifier invocations end its jobs at once).
 */
export interface LeaseStore {
  /**
   * Takes the lease `key` for `holder` until `now + ttlMs`, atomically. Returns false while another holder's
   * lease is live; a holder may take its own lease again (which extends it).
   */
  acquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease back, if `holder` still holds it (a lease taken over after it expired stays). */
  releaseLease(key: string, holder: string): Promise<void>;
}

/** Budgets shared by every process, such as GitHub's write limits across Lambda invocations. */
export interface BudgetStore {
  /**
   * Counts one use of `key` unless `limit` uses are counted already, atomically; returns whether this use was
   * counted. A key names one window of time (`github-writes#10s#<n>`); it may be forgotten `ttlMs` after `now`.
   */
  spendBudget(key: string, limit: number, ttlMs: number, now: Date): Promise<boolean>;
}

/** Each stack's last known drift (see `core/drift/drift-status.ts`). */
export interface DriftStore {
  getDriftStatus(stack: string): Promise<DriftStatus | undefined>;
  /**
   * Sets and removes the fields `patch` names in the stack's record (made when there is none), in one atomic write
   * that leaves every other field as it is (see `DriftPatch`). With `ifJobId`, writes only while the record's last
   * check is that job (a newer check did not replace it). Returns whether it wrote.
   */
  updateDriftStatus(stack: string, patch: DriftPatch, ifJobId?: string): Promise<boolean>;
  /** Every stack's record, in any order (one read, even for thousands of stacks). */
  listDriftStatuses(): Promise<DriftStatus[]>;
}

/** Everything infrabot keeps: SQLite on one machine, DynamoDB on AWS. */
export interface Store
  extends JobStore,
    LockStore,
    AuditLog,
    IdempotencyStore,
    ApprovalStore,
    LeaseStore,
    BudgetStore,
    DriftStore {}

/** The files a job leaves behind. */
export type ArtifactName = 'plan.json' | 'plan.txt' | 'tfplan' | 'log.txt';

export interface Artifacts {
  get(jobId: string, name: ArtifactName): Promise<Uint8Array | undefined>;
  put(jobId: string, name: ArtifactName, body: Uint8Array | string): Promise<void>;
}

/** What a runner needs to run one job. */
export interface RunSpec {
  job: Job;
  stack: StackConfig;
  terraformBinary: 'terraform' | 'tofu';
  /** The IAM role Terraform runs under: the stack's plan role for plans, its apply role for applies. */
  roleArn: string;
  /** How long the build may take before it is stopped. */
  timeoutMs: number;
  /** How long Terraform gets, once interrupted (a stop, a timeout, a shutdown), to write its state before it is killed. */
  stopGraceMs: number;
  /** For an apply: the plan it applies, as the job store recorded it (never as the plan build's files say). */
  plan?: PlanToApply;
}

/**
 * The plan an apply applies: its job, the commit it was made at, the SHA-256 its `tfplan` must still have, and
 * the digest its changes must have (those of the reviewed `plan.json`, `core/plan/changes-digest.ts`).
 */
export interface PlanToApply {
  jobId: string;
  sha: string;
  tfplanDigest: string;
  changesDigest: string;
}

/** How a build ended, as a runner reports it. */
export type BuildResult = 'succeeded' | 'failed' | 'stopped' | 'timed_out';

export interface BuildOutcome {
  jobId: string;
  buildId: string;
  result: BuildResult;
  logUrl?: string;
  /** Why the build ended this way, when the runner knows (a failed phase, a missing binary). */
  detail?: string;
  /**
   * For a stopped build: true when Terraform was interrupted and ended by itself within its grace period (so it
   * wrote its state and released its lock). Absent when the runner cannot tell (CodeBuild's StopBuild).
   */
  endedCleanly?: boolean;
}

export type BuildState = { state: 'running' } | { state: 'finished'; result: BuildResult };

/**
 * Runs Terraform for one job: the local runner on this machine, or CodeBuild. A runner reports the end of
 * every build it started to the `onFinished` handler it was given (locally) or through EventBridge (AWS).
 */
export interface Runner {
  start(spec: RunSpec): Promise<BuildRef>;
  /**
   * Stops a build, the safest way the runner can: locally Terraform is interrupted (SIGINT) and given its grace
   * period before anything is killed; CodeBuild stops the build outright. `reason` is what the job's end says.
   */
  cancel(buildId: string, reason: string): Promise<void>;
  status(buildId: string): Promise<BuildState>;
}

/** Builds that can outlive the bot (the local runner's detached drivers), found again after a restart. */
export interface LostBuilds {
  /**
   * Takes back a job the bot lost: `resumed` when its build still runs or left its end behind (its end is then
   * reported like any build's), `gone` when the build died with the bot.
   */
  resume(job: Job): Promise<'resumed' | 'gone'>;
}

/** Hands a job request to whatever starts builds: in process locally, an async Lambda invoke on AWS. */
export interface Dispatcher {
  dispatch(request: JobRequest): Promise<void>;
}

/**
 * What the repository answered for a ref: its commit, that it has no such ref, or no answer at all (it could not
 * be reached, and `why` says what failed). There is no "the last one we knew": a stale commit is never an answer.
 */
export type RefLookup =
  | { status: 'found'; sha: string }
  | { status: 'missing' }
  | { status: 'unreachable'; why: string };

/** Resolves commits from refs in the Terraform repository. */
export interface Commits {
  /**
   * The 40-hex sha a branch, tag or commit names now, as the repository itself says (a branch is asked of the
   * remote each time, or an answer at most a few seconds old is reused), so a plan is never of yesterday's code.
   */
  resolve(ref: string): Promise<RefLookup>;
  /**
   * Whether the commit is on a branch or tag of the repository (reachable from one), so that someone with
   * write permission pushed it; false for a commit that exists only in a fork or a pull request's refs.
   */
  isOnBranchOrTag(sha: string): Promise<boolean>;
}

/** A Slack message: fallback text for notifications and Block Kit blocks for display. */
export interface ChatMessage {
  text: string;
  blocks?: readonly unknown[];
}

/** The Slack Web API calls infrabot makes. */
export interface Chat {
  post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }>;
  update(channel: string, ts: string, message: ChatMessage): Promise<void>;
  postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void>;
  /** The direct-message conversation between the bot and a user (opened when needed), to post into. */
  openDirectMessage(user: string): Promise<string>;
  uploadFile(file: {
    channel: string;
    threadTs?: string;
    filename: string;
    title: string;
    content: string;
  }): Promise<void>;
}

/** Resolves Slack user groups (`@sre`) to their members. */
export interface Directory {
  /** User IDs in the group with this handle (without the `@`); empty when the group does not exist. */
  membersOf(handle: string): Promise<readonly string[]>;
  /** Whether the user is a full member of the workspace: false for guests (single- or multi-channel) and unknown users. */
  isFullMember(userId: string): Promise<boolean>;
}

/** Told when a job starts and ends, to update Slack, a PR, or both. */
export interface JobReporter {
  /** May return before every report is sent (a PR's pending status waits its turn among GitHub's writes). */
  jobStarted(job: Job): Promise<void>;
  jobFinished(job: Job, outcome: JobEnd): Promise<void>;
  /**
   * Resolves once the reports sent on without waiting have been sent or have failed (failures are logged
   * where they happen). An entry whose process may be frozen when it returns (a Lambda) waits for it.
   */
  settled(): Promise<void>;
}

/** The result of a job as reported to people. */
export interface JobEnd {
  job: Job;
  /** Full plan text, when the job produced one (already masked by Terraform for sensitive values). */
  planText?: string;
  /** Last lines of the log, for failed builds. */
  logTail?: string;
  /** Whether the person who asked may apply this plan (decides the Apply button). */
  applyAllowed?: boolean;
}

/** CloudFront, for `/cdn`: the distributions and their invalidations. */
export interface Cdn {
  /** Every distribution of the account (paged through completely; adapters may cache for a few minutes). */
  listDistributions(): Promise<readonly DistributionSummary[]>;
  /**
   * Asks CloudFront to invalidate `paths`. The same `callerReference` with the same paths returns the
   * existing invalidation instead of creating another.
   */
  createInvalidation(
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ): Promise<CreateInvalidationResult>;
  getInvalidation(distributionId: string, invalidationId: string): Promise<Invalidation>;
}

/** Athena, for `/logs`: runs a preset's query and reads its result. */
export interface LogQueries {
  start(query: LogQuery): Promise<LogQueryStart>;
  status(queryId: string): Promise<LogQueryStatus>;
  /** One page of the result (at most 1,000 rows), without the header row; pass `nextToken` for the next. */
  results(queryId: string, pageToken?: string): Promise<LogResultPage>;
  /** Stops a query that ran past its deadline, so that it scans no more data. */
  stop(queryId: string): Promise<void>;
}

/** Hands a `/cdn invalidate` or `/logs` run to the worker: in process locally, an asynchronous Lambda invoke on AWS. */
export interface SelfServiceDispatcher {
  dispatch(task: SelfServiceTask): Promise<void>;
}

/**
 * Answers a slash command through its `response_url` (valid for 30 minutes): the reply reaches the user
 * alone in any channel, even one the bot is not a member of.
 */
export interface CommandReplies {
  replyEphemeral(responseUrl: string, message: ChatMessage): Promise<void>;
}

/** Waits; injected so that poll loops are tested without real waiting. */
export type Sleep = (ms: number) => Promise<void>;

/** The GitHub calls infrabot makes on the configured repository's pull requests. */
export interface PullRequests {
  /** The PR, or undefined when there is no such PR. */
  getPullRequest(pr: number): Promise<PullRequestInfo | undefined>;
  listReviews(pr: number): Promise<PullRequestReview[]>;
  /** Every path the PR changes (both sides of a rename), relative to the repository root. */
  listChangedFiles(pr: number): Promise<string[]>;
  getPermission(login: string): Promise<RepositoryPermission>;
  /** Whether `login` is an active member of the team `org/team`. */
  isTeamMember(team: string, login: string): Promise<boolean>;
  /**
   * Brings infrabot's comments on the PR to `wanted`, reading the PR's comments once: each is created, or
   * updated in place where the comment with its marker (at its commit) exists, and left alone when it already
   * reads the same; comments with the same marker for older commits are minimized as outdated.
   */
  syncComments(pr: number, wanted: readonly MarkedComment[]): Promise<void>;
  /**
   * Sets a commit status once GitHub's write limits allow; one still waiting is replaced by a newer one of the
   * same commit and context. `unless` is asked just before it is sent (its turn may come minutes later): true
   * drops it.
   */
  setCommitStatus(status: CommitStatus, options?: { unless?: () => Promise<boolean> }): Promise<void>;
  /** Adds the `wanted` labels that are missing and removes the `managed` ones that are not wanted. */
  syncLabels(pr: number, wanted: readonly string[], managed: readonly string[]): Promise<void>;
  /** Reacts to a PR comment with eyes, to say the command was seen. */
  acknowledgeComment(commentId: number): Promise<void>;
  /** Posts a new comment on the PR. */
  reply(pr: number, body: string): Promise<void>;
}

/** An open issue of the repository, as infrabot finds its own. */
export interface OpenIssue {
  number: number;
  title: string;
}

/** The GitHub issues infrabot opens when something needs people: an apply that failed after its PR merged. */
export interface Issues {
  /** The repository's open issues (not pull requests) that carry `label`. */
  listOpenIssues(label: string): Promise<OpenIssue[]>;
  /** Opens an issue with the labels; returns its number. */
  openIssue(issue: { title: string; body: string; labels: readonly string[] }): Promise<number>;
  /** Comments on an issue, then closes it. */
  closeIssue(issue: number, comment: string): Promise<void>;
}

/** GitHub issues of the configured repository, for drift (one issue per drifted stack). */
export interface IssueTracker {
  /** The number of the open issue with exactly this title and this label, if there is one. */
  findOpenIssue(title: string, label: string): Promise<number | undefined>;
  openIssue(issue: { title: string; body: string; label: string }): Promise<number>;
  updateIssue(issue: number, body: string): Promise<void>;
  /** Comments on the issue, then closes it. */
  closeIssue(issue: number, comment: string): Promise<void>;
}

/** Reads which local modules Terraform directories call, from a checkout of the repository. */
export interface ModuleGraphReader {
  /**
   * Reads the `module` blocks of each directory in `dirs` and, transitively, of the local modules they call.
   * With `touched` (see `touchedDirs`), the graph may leave out edges that cannot matter: it must hold every
   * edge into a directory that reaches a touched one. A directory of `dirs` that does not exist is reported as
   * `missing_dir` and has no entry in the graph.
   */
  readModuleGraph(dirs: readonly string[], touched?: ReadonlySet<string>): Promise<ModuleGraphReport>;
  /** Which of `dirs` do not exist in the checkout. */
  missingDirs(dirs: readonly string[]): Promise<string[]>;
}
