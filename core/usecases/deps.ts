import type { Config, StackConfig } from '../config/schema';
import type { Artifacts, Clock, Commits, Directory, Dispatcher, JobReporter, Runner, Store } from '../ports';

/** What the request use cases (run by the bot, right after the ack) need. */
export interface RequestDeps {
  config: Config;
  store: Store;
  clock: Clock;
  commits: Commits;
  directory: Directory;
  dispatcher: Dispatcher;
  /** A short random string for job ids. */
  randomId: () => string;
  /**
   * The stack's requirements (approval by someone other than `applier`, a GitHub login; mergeability; a plan at
   * the head) for applying a PR's plan from Slack; set when GitHub is connected. Returns the unmet requirements
   * in words, none when all are met.
   */
  prRequirements?: (pr: number, stack: StackConfig, applier: string) => Promise<readonly string[]>;
}

/**
 * What moves waiting applies on when a job ends (see `advanceWaitingApplies`): the dispatcher that starts the
 * plan made again and then the apply, and the random part of their job ids. Absent where nothing waits.
 */
export interface OrderedApplyDeps {
  dispatcher: Dispatcher;
  randomId: () => string;
}

/** What the dispatcher (in process locally, a Lambda on AWS) needs to start builds. */
export interface DispatchDeps {
  config: Config;
  store: Store;
  clock: Clock;
  runner: Runner;
  reporter: JobReporter;
  /** Where an apply's saved plan is read, to check it is still the file its plan left. */
  artifacts: Artifacts;
  /** Moves on the applies that wait for a job this dispatcher fails. */
  orderedApplies?: OrderedApplyDeps;
}

/** What the end of a build (the local runner's callback, or the notifier Lambda) needs. */
export interface CompletionDeps {
  config: Config;
  store: Store;
  clock: Clock;
  artifacts: Artifacts;
  reporter: JobReporter;
  /** Moves on the applies that wait for the job that ended. */
  orderedApplies?: OrderedApplyDeps;
}
