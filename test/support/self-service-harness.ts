import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InProcessSelfServiceDispatcher } from '../../adapters/local/in-process-self-service';
import { buildBotDeps } from '../../bot/bot-deps';
import { createSlackApp } from '../../bot/create-app';
import { registerListeners } from '../../bot/register-listeners';
import { buildSelfServiceWorkerDeps } from '../../bot/self-service/worker-deps';
import { runSelfServiceTask } from '../../core/usecases/run-self-service-task';
import { FakeCdn } from '../fakes/fake-cdn';
import { FakeLogQueries } from '../fakes/fake-log-queries';
import { FakeClock, FakeCommits, FakeRunner, RecordingDispatcher } from '../fakes/fake-ports';
import { fakeSleep } from '../fakes/fake-sleep';
import { MemoryStore } from '../fakes/memory-store';
import { distribution } from '../fixtures/cdn';
import { mainSha, testConfig } from '../fixtures/config';
import { SlackApiRecorder } from './slack-api-recorder';
import { slackSignatureHeaders, slashCommandBody } from './slack-signing';

const signingSecret = 'test-signing-secret';

/** A configuration with one distribution and the log preset (its results shown as `visibility` says). */
export function selfServiceConfig(visibility?: 'direct' | 'channel') {
  return testConfig({
    cdn: { distributions: [{ name: 'images', id: 'E2QWRUHAPOMQZL', allowed: ['@developers'] }] },
    logs: {
      workgroup: 'infrabot',
      database: 'logs',
      presets: [
        {
          name: 'rails-errors',
          description: 'Rails errors, newest first',
          sql: "SELECT time, path, message FROM rails_logs WHERE dt BETWEEN ? AND ? AND level = 'ERROR' AND path LIKE ?",
          params: ['from', 'to', { name: 'path', default: '%', pattern: '^[A-Za-z0-9_/%.-]{1,200}$' }],
          allowed: ['@developers'],
          ...(visibility ? { visibility } : {}),
        },
      ],
    },
  });
}

/**
 * The real Bolt HTTP receiver with `/cdn` and `/logs` registered, talking to a recording Slack API; the worker
 * runs in process against fakes of CloudFront and Athena, and its poll loops wait on a fake clock.
 */
export async function startSelfServiceBot(options: { logsVisibility?: 'direct' | 'channel' } = {}) {
  const recorder = new SlackApiRecorder({ developers: ['UDEV'] });
  await recorder.start();
  const config = selfServiceConfig(options.logsVisibility);
  const store = new MemoryStore();
  const clock = new FakeClock(new Date());
  const errors: Array<{ activity: string; error: unknown }> = [];
  const logError = (activity: string, error: unknown) => errors.push({ activity, error });
  const app = createSlackApp(
    { signingSecret, botToken: 'xoxb-test-token', apiUrl: recorder.apiUrl },
    { kind: 'http', customRoutes: [] },
  );
  const deps = buildBotDeps(app, {
    config,
    store,
    clock,
    runner: new FakeRunner(),
    commits: new FakeCommits({ main: mainSha }),
    dispatcher: new RecordingDispatcher(),
    logError,
  });
  const cdn = new FakeCdn([distribution({ id: 'E2QWRUHAPOMQZL', originDomains: ['images.s3.amazonaws.com'] })]);
  const logQueries = new FakeLogQueries();
  const worker = buildSelfServiceWorkerDeps({
    config,
    cdn,
    logQueries,
    chat: deps.chat,
    audit: store,
    directory: deps.directory,
    clock,
    sleep: fakeSleep(clock),
  });
  const dispatcher = new InProcessSelfServiceDispatcher((task) => runSelfServiceTask(task, worker), logError);
  registerListeners(app, { ...deps, selfService: { cdn, dispatcher } });
  const server = (await app.start(0)) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    recorder,
    store,
    cdn,
    logQueries,
    dispatcher,
    errors,
    /** Sends `<command> <text>` signed as Slack would. */
    async command(
      command: '/cdn' | '/logs' | '/tf',
      text: string,
      fields: { user_id?: string; trigger_id?: string } = {},
    ) {
      const body = slashCommandBody({ command, text, response_url: recorder.responseUrl(), ...fields });
      return fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: slackSignatureHeaders(body, signingSecret),
        body,
      });
    },
    async stop() {
      await app.stop();
      await recorder.stop();
    },
  };
}
