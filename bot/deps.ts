import type { Config } from '../core/config/schema';
import type { Chat, Clock, Directory, JobReporter, Runner, Store } from '../core/ports';
import type { RequestDeps } from '../core/usecases/deps';
import type { AfterAck } from './acks-first';
import type { SelfServiceBotDeps } from './self-service/deps';

/** Everything the Slack listeners need; built once by the wiring (local or Lambda). */
export interface BotDeps {
  config: Config;
  store: Store;
  clock: Clock;
  chat: Chat;
  directory: Directory;
  /** Stops builds for `/tf cancel`. */
  runner: Runner;
  requests: RequestDeps;
  /** Updates the job message when a queued job is cancelled before its build starts. */
  reporter: JobReporter;
  /** Where unexpected errors go (the process log); never shown to users beyond a short notice. */
  logError: (activity: string, error: unknown) => void;
  /** How listeners hand over the work after their ack: later, behind other acks, in a long-lived app. */
  afterAck: AfterAck;
  /** `/cdn` and `/logs`; the commands are not registered when absent. */
  selfService?: SelfServiceBotDeps;
}
