import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { CustomRoute, Receiver } from '@slack/bolt';
import { loadConfigFile } from '../adapters/config/config-file';
import { SqliteStore } from '../adapters/local/sqlite-store';
import { SlackChat } from '../adapters/slack/slack-chat';
import { statePageRoutes } from '../adapters/web/state-page-routes';
import type { JobRequest } from '../core/jobs/job-request';
import type { BuildOutcome, Chat, Clock, Directory } from '../core/ports';
import { completeJob } from '../core/usecases/complete-job';
import type { CompletionDeps, DispatchDeps } from '../core/usecases/deps';
import { dispatchJob } from '../core/usecases/dispatch-job';
import { recoverInterruptedJobs } from '../core/usecases/recover-interrupted-jobs';
import { acksFirst } from './acks-first';
import { buildBotDeps } from './bot-deps';
import { OperatorsConsole } from './console/console-beside-slack';
import { createSlackApp, healthRoute, type SlackTransport } from './create-app';
import { startDriftSchedule } from './drift-schedule';
import { wireGitHub } from './github-wiring';
import { jobPages } from './job-pages';
import { startLockKeeper } from './lock-keeper';
import { registerListeners } from './register-listeners';
import { localSelfService } from './self-service/local-self-service';
import { serveRunner } from './serve-runner';
import type { ServeSettings } from './serve-settings';

const systemClock: Clock = { now: () => new Date() };

export interface RunningBot {
  /** The HTTP port (also for Socket Mode, where it serves /healthz and the GitHub routes). */
  port: number;
  /** The operators' console beside Slack (`INFRABOT_CONSOLE=1`), on loopback. */
  consoleUrl?: string;
  stop(): Promise<void>;
}

/** Prints what went wrong and where, for the SRE reading the bot's output; never shown in Slack. */
export function logError(activity: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(`infrabot: error ${activity}: ${message}\n`);
}

/** The console in place of Slack: its receiver, and where messages go and who is in which group. */
export interface ConsoleParts {
  receiver: (customRoutes: CustomRoute[]) => Receiver;
  chat: Chat;
  directory: Directory;
}

function transportFor(settings: ServeSettings, customRoutes: CustomRoute[], console?: ConsoleParts): SlackTransport {
  if (console) return { kind: 'receiver', receiver: console.receiver(customRoutes) };
  if (settings.SLACK_APP_TOKEN) return { kind: 'socket', customRoutes, port: settings.PORT };
  return { kind: 'http', customRoutes };
}

/**
 * `infrabot serve` on one machine: SQLite state, builds run here by the local runner from the same
 * buildspecs CodeBuild uses (or in CodeBuild, with `INFRABOT_RUNNER=codebuild`), the dispatcher in process,
 * and the Bolt app over HTTP or Socket Mode.
 */
export async function startLocalBot(
  settings: ServeSettings,
  env: NodeJS.ProcessEnv = process.env,
  options: { console?: ConsoleParts } = {},
): Promise<RunningBot> {
  const config = await loadConfigFile(settings.INFRABOT_CONFIG);
  const stateDir = dirname(resolve(settings.INFRABOT_STATE));
  await mkdir(stateDir, { recursive: true });
  // The bot answers Slack on this thread: the write-ahead log is checkpointed on another.
  const store = new SqliteStore(settings.INFRABOT_STATE, { checkpointInBackground: true });
  const repoDir = resolve(settings.INFRABOT_REPO_DIR ?? '.');
  const github = await wireGitHub({ env, config, store, repoDir, logError });
  let port = settings.PORT;
  const pages = jobPages({ settings, config, jobs: store, stateDir, port: () => port, open: Boolean(options.console) });
  // The state at a glance is open, so only a console (on loopback) serves it.
  const statePages = () =>
    statePageRoutes({ store, stacks: config.stacks.map((stack) => stack.name), clock: systemClock });
  const customRoutes = [
    healthRoute,
    ...github.routes,
    ...(pages?.routes ?? []),
    ...(options.console ? statePages() : []),
  ];
  const operators = settings.INFRABOT_CONSOLE && !options.console ? new OperatorsConsole() : undefined;
  const app = createSlackApp(
    {
      signingSecret: settings.SLACK_SIGNING_SECRET,
      botToken: settings.SLACK_BOT_TOKEN,
      ...(settings.SLACK_APP_TOKEN ? { appToken: settings.SLACK_APP_TOKEN } : {}),
      ...(settings.SLACK_API_URL ? { apiUrl: settings.SLACK_API_URL } : {}),
      ...(options.console ? { botIdentity: { botId: 'BCONSOLE', botUserId: 'UCONSOLEBOT' } } : {}),
    },
    transportFor(settings, customRoutes, options.console),
  );
  let completion: CompletionDeps | undefined;
  const builds = serveRunner({
    settings,
    env,
    config,
    store,
    stateDir,
    ...(pages ? { logUrl: pages.logUrl } : {}),
    onFinished: async (outcome: BuildOutcome) => {
      if (!completion) return;
      await completeJob(outcome, completion).catch((error) => logError(`recording the end of ${outcome.jobId}`, error));
    },
  });
  const { runner } = builds;
  let dispatchDeps: DispatchDeps | undefined;
  const dispatcher = {
    dispatch: async (request: JobRequest) => {
      if (dispatchDeps) await dispatchJob(request, dispatchDeps);
    },
  };
  const chat = options.console?.chat ?? operators?.mirror(new SlackChat(app.client));
  const acks = acksFirst(app, logError);
  const deps = buildBotDeps(app, {
    config,
    store,
    clock: systemClock,
    runner,
    commits: builds.commits,
    dispatcher,
    logError,
    otherReporters: github.reporters,
    ...(github.driftIssues ? { driftIssues: github.driftIssues } : {}),
    ...(chat ? { chat } : {}),
    ...(options.console ? { directory: options.console.directory } : {}),
    afterAck: acks.afterAck,
  });
  github.attach(deps.requests);
  // Applies in dependency order and after merges wait in the store; a job's end moves them on, in process.
  const orderedApplies = { dispatcher, randomId: deps.requests.randomId };
  const { artifacts } = builds;
  dispatchDeps = { config, store, clock: systemClock, runner, reporter: deps.reporter, artifacts, orderedApplies };
  completion = { config, store, clock: systemClock, artifacts, reporter: deps.reporter, orderedApplies };
  // Beside Slack, the job pages are open on loopback: an operator there needs no signed link. The console starts
  // first, so that a port already in use stops the bot before anything else runs.
  const openPages = () => jobPages({ settings, config, jobs: store, stateDir, port: () => port, open: true });
  const besideSlack = await operators
    ?.start(settings.INFRABOT_CONSOLE_PORT, [...(openPages()?.routes ?? []), ...statePages()], logError)
    .catch((error: unknown) => {
      store.close();
      throw error;
    });
  if (builds.lostBuilds) await recoverInterruptedJobs({ ...dispatchDeps, builds: builds.lostBuilds });
  builds.start(logError);
  const stopLockKeeper = startLockKeeper({ config, store, clock: systemClock, runner }, logError);
  const selfService = localSelfService(deps, systemClock);
  registerListeners(app, selfService ? { ...deps, selfService } : deps);
  const server = (await app.start(settings.PORT)) as Server | undefined;
  port = (server?.address() as AddressInfo | null)?.port ?? settings.PORT;
  const drift = startDriftSchedule(config, deps.requests, logError);
  return {
    port,
    ...(besideSlack ? { consoleUrl: besideSlack.url } : {}),
    /**
     * Takes no new requests and drains the builds at once (closing idle connections can take seconds, in which a
     * queued build must not start): running applies finish and are reported, the rest is cancelled with the reason,
     * the work of acked requests included.
     */
    async stop() {
      drift.stop();
      await besideSlack?.stop();
      // The runner stops taking builds first (synchronously), so acked work still waiting starts none: it is
      // cancelled with the reason and reported, never dropped.
      await Promise.all([app.stop(), builds.stop(), acks.drain()]);
      // Only now: builds that finish during the shutdown keep their locks until they end.
      await stopLockKeeper();
      store.close();
    },
  };
}
