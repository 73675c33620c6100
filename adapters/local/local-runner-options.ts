import type { BuildProcess } from '../../core/jobs/job';
import type { BuildOutcome } from '../../core/ports';

/** What a `LocalRunner` is built with. */
export interface LocalRunnerOptions {
  /** A local clone of the Terraform repository. */
  repoDir: string;
  /** Where job artifacts (`jobs/<jobId>/`), worktrees and the plugin cache live. */
  stateDir: string;
  /** The directory holding `plan.yml` and `apply.yml`. */
  buildspecDir: string;
  /** How many builds (of different stacks) run at once. */
  concurrency: number;
  /** Told exactly once about the end of every build started here (or resumed after a restart). */
  onFinished: (outcome: BuildOutcome) => Promise<void>;
  /** Told when a build's detached driver starts, to record it where a restarted bot finds it (the job store). */
  onDriverStarted?: (jobId: string, driver: BuildProcess) => Promise<void>;
  /** The environment builds start from; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** The address people open to read a job's log (its job page); a `file://` URL of the log when absent. */
  logUrl?: (jobId: string) => string;
  /**
   * How long a stopped build's processes get between SIGTERM and SIGKILL (default 10 s); also how long an
   * interrupted plan's Terraform gets (an apply's gets the spec's `stopGraceMs`).
   */
  killGraceMs?: number;
  /**
   * `auto` (the default) runs builds inside `bwrap` when it is on PATH and works here, with the state directory
   * hidden; `off` runs them as they are.
   */
  sandbox?: 'auto' | 'off';
}
