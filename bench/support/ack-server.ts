/**
 * A Slack endpoint for the acknowledgement benchmark, in its own process: `bot` is infrabot's real Bolt app
 * and listeners (SQLite store, in-process dispatcher, a runner that starts nothing), `bare` is a Bolt app
 * that only acks. Both talk to the Slack API stand-in whose URL they are given. Prints `port=<n>`.
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

const [mode = 'bot', stateDir = '.', slackApiUrl = ''] = process.argv.slice(2);
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

async function startBare(): Promise<Server> {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: 'xoxb-bench',
    // Bolt's defaults: one auth.test at start, its answer kept for every request.
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl },
  });
  app.command('/tf', async ({ ack }) => {
    await ack();
  });
  return (await app.start(0)) as Server;
}

async function startBot(): Promise<Server> {
  const config = testConfig();
  const store = new SqliteStore(join(stateDir, 'bench.db'));
  const clock = { now: () => new Date() };
  const runner = new IdleRunner();
  // Plans only: no apply reads a saved plan here.
  const noArtifacts = { get: async () => undefined, put: async () => {} };
  const app = createSlackApp(
    { signingSecret, botToken: 'xoxb-bench', apiUrl: slackApiUrl },
    { kind: 'http', customRoutes: [healthRoute] },
  );
  let reporter: ReturnType<typeof buildBotDeps>['reporter'] | undefined;
  const dispatcher = {
    dispatch: async (request: JobRequest) => {
      if (reporter) await dispatchJob(request, { config, store, clock, runner, reporter, artifacts: noArtifacts });
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
  return (await app.start(0)) as Server;
}

// Both apps reach the same Slack API stand-in, in its own process (the bare app looks up its bot id once there).
const server = mode === 'bare' ? await startBare() : await startBot();
process.stdout.write(`port=${(server.address() as AddressInfo).port}\n`);
process.on('SIGINT', () => process.exit(0));
