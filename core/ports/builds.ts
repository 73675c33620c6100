import type { StackConfig } from '../config/schema';
import type { BuildRef, Job } from '../jobs/job';
import type { JobRequest } from '../jobs/job-request';

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
  /** SHA-256 of the plan text reviewers were shown, which the apply's own text of its plan must have. */
  planTextDigest?: string;
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
