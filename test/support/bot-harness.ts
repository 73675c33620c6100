import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acksFirst } from '../../bot/acks-first';
import { buildBotDeps } from '../../bot/bot-deps';
import { createSlackApp, healthRoute } from '../../bot/create-app';
import type { BotDeps } from '../../bot/deps';
import { registerListeners } from '../../bot/register-listeners';
import { prRequirementsCheck } from '../../core/github/pr-apply';
import type { JobRequest } from '../../core/jobs/job-request';
import type { Commits, PullRequests, Store } from '../../core/ports';
import type { CompletionDeps, DispatchDeps } from '../../core/usecases/deps';
import { dispatchJob } from '../../core/usecases/dispatch-job';
import { FakeClock, FakeCommits, FakeRunner, MemoryArtifacts, RecordingDispatcher } from '../fakes/fake-ports';
import { MemoryStore } from '../fakes/memory-store';
import { mainSha, testConfig } from '../fixtures/config';
import { SlackApiRecorder } from './slack-api-recorder';
import { buttonClickBody, slackSignatureHeaders, slashCommandBody } from './slack-signing';

export const signingSecret = 'test-signing-secret';

export interface BotOptions {
  store?: Store;
  config?: ReturnType<typeof testConfig>;
  /** The repository's refs; `main` at `mainSha` unless given (a `GitCommits` over a real clone, say). */
  commits?: Commits;
  /** Slack user groups by handle; `@sre` is USRE unless given. */
  groups?: Record<string, string[]>;
  /** Users Slack marks as guests. */
  guests?: readonly string[];
  /** The repository's PRs, to check a PR plan's requirements when it is applied from Slack. */
  pullRequests?: PullRequests;
}

/** The real Bolt HTTP receiver on an ephemeral port, talking to a recording Slack API, with in-memory state. */
export async function startBot(options: BotOptions = {}) {
  const recorder = new SlackApiRecorder(options.groups ?? { sre: ['USRE'] }, options.guests ?? []);
  await recorder.start();
  const config = options.config ?? testConfig();
  const store = options.store ?? new MemoryStore();
  const clock = new FakeClock(new Date());
  const runner = new FakeRunner();
  const artifacts = new MemoryArtifacts();
  const errors: Array<{ activity: string; error: unknown }> = [];
  const app = createSlackApp(
    { signingSecret, botToken: 'xoxb-test-token', apiUrl: recorder.apiUrl },
    { kind: 'http', customRoutes: [healthRoute] },
  );
  let dispatchDeps: DispatchDeps | undefined;
  const dispatcher = new RecordingDispatcher((request: JobRequest) =>
    dispatchDeps ? dispatchJob(request, dispatchDeps) : Promise.resolve(),
  );
  const deps: BotDeps = buildBotDeps(app, {
    config,
    store,
    clock,
    runner,
    commits: options.commits ?? new FakeCommits({ main: mainSha }),
    dispatcher,
    logError: (activity, error) => errors.push({ activity, error }),
    // As under infrabot serve: the work after each ack waits for the acks of requests already arriving.
    afterAck: acksFirst(app, (activity, error) => errors.push({ activity, error })).afterAck,
  });
  if (options.pullRequests) {
    deps.requests.prRequirements = prRequirementsCheck({ pullRequests: options.pullRequests, store });
  }
  // Waiting applies move on in process, as under infrabot serve.
  const orderedApplies = { dispatcher, randomId: deps.requests.randomId };
  dispatchDeps = { config, store, clock, runner, reporter: deps.reporter, artifacts, orderedApplies };
  const completion: CompletionDeps = { config, store, clock, artifacts, reporter: deps.reporter, orderedApplies };
  registerListeners(app, deps);
  const server = (await app.start(0)) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function post(body: string, headers: Record<string, string>) {
    return fetch(`${url}/slack/events`, { method: 'POST', headers, body });
  }

  return {
    url,
    recorder,
    store,
    clock,
    runner,
    artifacts,
    dispatcher,
    completion,
    errors,
    deps,
    /** Sends `/tf <text>` (or `fields.command`) signed as Slack would. */
    async command(
      text: string,
      fields: { command?: string; user_id?: string; trigger_id?: string; channel_id?: string; retry?: number } = {},
    ) {
      const body = slashCommandBody({ text, response_url: recorder.responseUrl(), ...fields });
      const headers: Record<string, string> = slackSignatureHeaders(body, signingSecret);
      if (fields.retry) headers['x-slack-retry-num'] = String(fields.retry);
      return post(body, headers);
    },
    async click(actionId: string, value: string, fields: { user_id?: string } = {}) {
      const body = buttonClickBody({ actionId, value, response_url: recorder.responseUrl(), ...fields });
      return post(body, slackSignatureHeaders(body, signingSecret));
    },
    post,
    async stop() {
      await app.stop();
      await recorder.stop();
    },
  };
}
