import type { App } from '@slack/bolt';
import { SlackChat } from '../adapters/slack/slack-chat';
import { SlackDirectory } from '../adapters/slack/slack-directory';
import type { Config } from '../core/config/schema';
import type { Chat, Clock, Commits, Directory, Dispatcher, JobReporter, Runner, Store } from '../core/ports';
import { CompositeReporter } from '../core/reporting/composite-reporter';
import { DriftReporter } from '../core/reporting/drift-reporter';
import { SlackJobReporter } from '../core/reporting/slack-job-reporter';
import type { RequestDeps } from '../core/usecases/deps';
import type { DriftIssues } from '../core/usecases/drift-issues';
import { type AfterAck, workInListener } from './acks-first';
import type { BotDeps } from './deps';

export interface BotParts {
  config: Config;
  store: Store;
  clock: Clock;
  runner: Runner;
  commits: Commits;
  dispatcher: Dispatcher;
  /** Reporters besides Slack (the PR, when GitHub is configured). */
  otherReporters?: readonly JobReporter[];
  logError: (activity: string, error: unknown) => void;
  randomId?: () => string;
  /** Where messages go and who is in which group, when not Slack's (the console). */
  chat?: Chat;
  directory?: Directory;
  /** The drift issues on GitHub, when GitHub is connected. */
  driftIssues?: DriftIssues;
  /** How listeners work after their ack (see `acksFirst`); in the listener itself when absent, as Lambda needs. */
  afterAck?: AfterAck;
}

const defaultRandomId = () => Math.random().toString(36).slice(2, 8);

/** Builds the listeners' dependencies around the app's Web API client; returns the job reporter too. */
export function buildBotDeps(app: App, parts: BotParts): BotDeps {
  const chat = parts.chat ?? new SlackChat(app.client);
  const directory = parts.directory ?? new SlackDirectory(app.client);
  const requests: RequestDeps = {
    config: parts.config,
    store: parts.store,
    clock: parts.clock,
    commits: parts.commits,
    directory,
    dispatcher: parts.dispatcher,
    randomId: parts.randomId ?? defaultRandomId,
  };
  const slack = new SlackJobReporter({ chat, config: parts.config, directory });
  const drift = new DriftReporter(() => ({
    ...requests,
    chat,
    ...(parts.driftIssues ? { issues: parts.driftIssues } : {}),
  }));
  const reporter = new CompositeReporter([slack, drift, ...(parts.otherReporters ?? [])], parts.logError);
  return {
    config: parts.config,
    store: parts.store,
    clock: parts.clock,
    chat,
    directory,
    runner: parts.runner,
    reporter,
    logError: parts.logError,
    requests,
    afterAck: parts.afterAck ?? workInListener,
  };
}
