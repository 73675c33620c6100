import type { ChildProcess } from 'node:child_process';
import { startServe } from './serve-process';
import { SlackApiRecorder } from './slack-api-recorder';
import { buttonClickBody, slackSignatureHeaders, slashCommandBody } from './slack-signing';

/** The signing secret `serveOverSlack` gives the bot and signs requests with. */
export const e2eSigningSecret = 'e2e-signing-secret';

/** `infrabot serve` in a child process, talking to a recording Slack API; driven with signed Slack requests. */
export interface ServedBot {
  slack: SlackApiRecorder;
  child: ChildProcess;
  port: number;
  /** Posts a body signed as Slack would to `/slack/events`. */
  send(body: string): Promise<Response>;
  /** Sends `/tf <text>` as `userId`. */
  command(text: string, userId: string): Promise<Response>;
  /** Clicks the Apply button of a plan as `userId`. */
  clickApply(planJobId: string, stack: string, userId: string): Promise<Response>;
  /** Every `chat.update` the bot made so far, as JSON. */
  updates(): string[];
  /** Waits until a job message offers Apply, and returns the plan's job id from the button. */
  plannedJobId(timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a recording Slack API (or uses `options.recorder`, to go on recording a bot started again), then
 * `infrabot serve` with the environment `envFor` gives for its URL (from the checkout, or from `cwd`).
 */
export async function serveOverSlack(
  envFor: (slackApiUrl: string) => Record<string, string>,
  options: { cwd?: string; recorder?: SlackApiRecorder } = {},
): Promise<ServedBot> {
  const slack = options.recorder ?? new SlackApiRecorder();
  if (options.recorder === undefined) await slack.start();
  const { child, port } = await startServe(envFor(slack.apiUrl), options.cwd === undefined ? {} : { cwd: options.cwd });
  const send = (body: string) =>
    fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: slackSignatureHeaders(body, e2eSigningSecret),
      body,
    });
  const updates = () =>
    slack.calls.filter((call) => call.method === 'chat.update').map((call) => JSON.stringify(call.body));
  return {
    slack,
    child,
    port,
    send,
    command: (text, userId) => send(slashCommandBody({ text, user_id: userId, response_url: slack.responseUrl() })),
    clickApply: (planJobId, stack, userId) =>
      send(
        buttonClickBody({
          actionId: 'tf_apply',
          value: JSON.stringify({ planJobId, stack }),
          user_id: userId,
          response_url: slack.responseUrl(),
        }),
      ),
    updates,
    async plannedJobId(timeoutMs = 60_000) {
      await slack.waitFor(() => updates().some((update) => update.includes('tf_apply')), timeoutMs);
      const planned = updates().find((update) => update.includes('tf_apply')) ?? '';
      return /"planJobId\\":\\"(j-[a-z0-9-]+)/.exec(planned)?.[1] ?? '';
    },
    async stop() {
      child.kill('SIGTERM');
      await slack.stop();
    },
  };
}
