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
  /** False once the bot is shutting down: new jobs are refused (`shutting_down`) rather than started. */
  accepting?: () => boolean;
  /**
   * The stack's requirements (approval, mergeability, a plan at the head) for applying a PR's plan from
   * Slack; set when GitHub is connected. Returns the unmet requirements in words, none when all are met.
   */
  prRequirements?: (pr: number, stack: StackConfig) => Promise<readonly string[]>;
}

/** What the dispatcher (in process locally, a Lambda on AWS) needs to start builds. */
export interface DispatchDeps {
  config: Config;
  store: Store;
  clock: Clock;
  runner: Runner;
  reporter: JobReporter;
}

/** What the end of a build (the local runner's callback, or the notifier Lambda) needs. */
export interface CompletionDeps {
  config: Config;
  store: Store;
  clock: Clock;
  artifacts: Artifacts;
  reporter: JobReporter;
}
