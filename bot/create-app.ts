import { App, AwsLambdaReceiver, type CustomRoute, HTTPReceiver, LogLevel, type Receiver } from '@slack/bolt';

export interface SlackAppSettings {
  signingSecret: string;
  botToken: string;
  /** Socket Mode instead of HTTP when set (no public URL needed). */
  appToken?: string;
  /** Slack API base URL (GovSlack, tests); Slack's own when absent. */
  apiUrl?: string;
  /** The bot's own ids when known without asking Slack (the console). */
  botIdentity?: { botId: string; botUserId: string };
}

/**
 * Ids Bolt is given when the bot's own are not known. Bolt's single-workspace authorize calls `auth.test` before
 * every request unless it has both ids, which puts a Slack round trip in front of every acknowledgement. Bolt uses
 * them only to ignore the app's own Events API messages, and infrabot subscribes to no events (commands and
 * buttons only), so ids that match nothing are enough.
 */
const unknownIdentity = { botId: 'B_INFRABOT', botUserId: 'U_INFRABOT' };

export type SlackTransport =
  | { kind: 'http'; customRoutes: CustomRoute[] }
  | { kind: 'socket'; customRoutes: CustomRoute[]; port: number }
  | { kind: 'lambda' }
  /** Another receiver, such as the console's, which hands the app what a browser sends. */
  | { kind: 'receiver'; receiver: Receiver };

export interface SlackApp {
  app: App;
  receiver: Receiver;
}

function receiverFor(settings: SlackAppSettings, transport: SlackTransport): { receiver?: Receiver; socket?: object } {
  switch (transport.kind) {
    case 'http':
      return {
        receiver: new HTTPReceiver({
          signingSecret: settings.signingSecret,
          endpoints: '/slack/events',
          customRoutes: transport.customRoutes,
          // Ack first, then run the listener: the 3-second budget is spent on the ack alone.
          processBeforeResponse: false,
          logLevel: LogLevel.WARN,
        }),
      };
    case 'receiver':
      return { receiver: transport.receiver };
    case 'lambda':
      // Lambda freezes after the response, so the listener runs before it; listeners only record and hand off.
      return { receiver: new AwsLambdaReceiver({ signingSecret: settings.signingSecret, logLevel: LogLevel.WARN }) };
    case 'socket':
      return {
        socket: {
          socketMode: true,
          appToken: settings.appToken,
          customRoutes: transport.customRoutes,
          installerOptions: { port: transport.port },
        },
      };
  }
}

/** The Bolt app over HTTP (`POST /slack/events`), Socket Mode, or the Lambda receiver. */
export function createSlackApp(settings: SlackAppSettings, transport: SlackTransport): App {
  const { receiver, socket } = receiverFor(settings, transport);
  return new App({
    token: settings.botToken,
    ...(receiver ? { receiver } : { signingSecret: settings.signingSecret, ...socket }),
    // No auth.test round trip, at start or before each request: the bot needs neither its own id nor a lookup.
    tokenVerificationEnabled: false,
    ...(settings.botIdentity ?? unknownIdentity),
    // No conversation store: infrabot keeps no state per conversation, and Bolt's in-memory one costs every
    // request a lookup that fails with an error.
    convoStore: false,
    logLevel: LogLevel.WARN,
    ...(settings.apiUrl ? { clientOptions: { slackApiUrl: settings.apiUrl } } : {}),
  });
}

/** `GET /healthz` for load balancers and uptime checks. */
export const healthRoute: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
};
