/**
 * A Slack endpoint for the acknowledgement benchmark, in its own process: `bot` is infrabot's real Bolt app
 * and listeners (SQLite store, in-process dispatcher, a runner that starts nothing), `bare` is a Bolt app
 * that only acks. Both talk to a local stand-in for the Slack API. Prints `port=<n>` when listening.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import { buildBotDeps } from '../../bot/bot-deps';
import { createSlackApp, healthRoute } from '../../bot/create-app';
import { registerListeners } from '../../bot/register-listeners';
import type { JobRequest } from '../../core/jobs/job-request';
import type { BuildState, Runner, RunSpec } from '../../core/ports';
import { dispatchJob } from '../../core/usecases/dispatch-job';
import { FakeCommits } from '../../test/fakes/fake-ports';
import { mainSha, testConfig } from '../../test/fixtures/config';
import { SlackApiRecorder } from '../../test/support/slack-api-recorder';

const [mode = 'bot', stateDir = '.'] = process.argv.slice(2);
const signingSecret = 'bench-signing-secret';

/** Starts nothing: the benchmark measures the Slack path, not Terraform. */
class IdleRunner implements Runner {
  async start(spec: RunSpec) {
    return { id: `bench-${spec.job.id}` };
  }
  async cancel() {}
  async status(): Promise<BuildState> {
    return { state: 'running' };
  }
}

async function startBare(slack: SlackApiRecorder): Promise<Server> {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: 'xoxb-bench',
    tokenVerificationEnabled: false,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  app.command('/tf', async ({ ack }) => {
    await ack();
  });
  return (await app.start(0)) as Server;
}

async function startBot(slack: SlackApiRecorder): Promise<Server> {
  const config = testConfig();
  const store = new SqliteStore(join(stateDir, 'bench.db'));
  const clock = { now: () => new Date() };
  const runner = new IdleRunner();
  const app = createSlackApp(
    { signingSecret, botToken: 'xoxb-bench', apiUrl: slack.apiUrl },
    { kind: 'http', customRoutes: [healthRoute] },
  );
  let reporter: ReturnType<typeof buildBotDeps>['reporter'] | undefined;
  const dispatcher = {
    dispatch: async (request: JobRequest) => {
      if (reporter) await dispatchJob(request, { config, store, clock, runner, reporter });
    },
  };
  const deps = buildBotDeps(app, {
    config,
    store,
    clock,
    runner,
    commits: new FakeCommits({ main: mainSha }),
    dispatcher,
    logError: () => {},
  });
  reporter = deps.reporter;
  registerListeners(app, deps);
  // The recorder keeps every call; the benchmark's few thousand are fine.
  return (await app.start(0)) as Server;
}

// Both apps reach the same kind of local Slack API (Bolt looks up its bot id once through auth.test).
const slack = new SlackApiRecorder({ sre: ['USRE'] });
await slack.start();
const server = mode === 'bare' ? await startBare(slack) : await startBot(slack);
process.stdout.write(`port=${(server.address() as AddressInfo).port} respond=${slack.responseUrl()}\n`);
