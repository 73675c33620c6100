import type { Config } from '../config/schema';
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
