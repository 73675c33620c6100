import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { App, CustomRoute, Receiver } from '@slack/bolt';
import type { ChatMessage } from '../../core/ports';
import type { ConsoleFeed } from './console-feed';
import { ConsoleKey } from './console-key';
import { consoleRoutes } from './console-routes';
import type { ConsoleBackend, ConsoleUser } from './console-types';
import { type LoopbackServer, listenOnLoopback } from './loopback-server';

export type { ConsoleUser } from './console-types';

export interface ConsoleReceiverOptions {
  feed: ConsoleFeed;
  users: readonly ConsoleUser[];
  /** More routes on the same port: job pages, health. */
  customRoutes: readonly CustomRoute[];
  onError: (activity: string, error: unknown) => void;
}

/** The channel every console conversation happens in. */
export const consoleChannel = 'CCONSOLE';

/** How long the console waits for a listener's ack, as Slack does. */
const ackDeadlineMs = 3_000;

/**
 * Bolt's receiver for the console: what a person types or clicks in the browser becomes the same slash command
 * or block action Slack would send, handed to the same app and listeners. Acks and `response_url` replies come
 * back as ephemeral messages in the feed. It listens on loopback only, for requests that carry its key.
 */
export class ConsoleReceiver implements Receiver, ConsoleBackend {
  private app?: App;
  private listening?: LoopbackServer;
  private base = '';
  /** What every request to this console must carry; see {@link ConsoleKey}. */
  readonly key = new ConsoleKey();

  constructor(private readonly options: ConsoleReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  get users(): readonly ConsoleUser[] {
    return this.options.users;
  }

  get feed(): ConsoleFeed {
    return this.options.feed;
  }

  async start(port: number): Promise<Server> {
    const routes = consoleRoutes(this, this.options.customRoutes, this.key);
    this.listening = await listenOnLoopback(routes, port, this.options.onError);
    this.base = this.listening.url;
    return this.listening.server;
  }

  async stop(): Promise<void> {
    await this.listening?.close();
  }

  /** A slash command typed by `user`, shown in the feed, then run as Slack would run it. */
  async command(user: string, command: string, text: string): Promise<void> {
    this.feed.add({ channel: consoleChannel, from: user, message: { text: `${command} ${text}`.trim() } });
    await this.deliver(user, {
      command,
      text,
      user_id: user,
      user_name: this.nameOf(user),
      channel_id: consoleChannel,
      channel_name: 'console',
      team_id: 'TCONSOLE',
      api_app_id: 'ACONSOLE',
      trigger_id: randomUUID(),
      response_url: this.responseUrl(user),
    });
  }

  /** A button clicked by `user` on the message `messageTs`, run as Slack would run it. */
  async action(user: string, messageTs: string, actionId: string, value: string): Promise<void> {
    const message = this.feed.get(messageTs);
    await this.deliver(user, {
      type: 'block_actions',
      user: { id: user, name: this.nameOf(user) },
      team: { id: 'TCONSOLE' },
      api_app_id: 'ACONSOLE',
      channel: { id: consoleChannel, name: 'console' },
      container: { type: 'message', message_ts: messageTs, channel_id: consoleChannel },
      trigger_id: randomUUID(),
      response_url: this.responseUrl(user),
      actions: [
        { type: 'button', action_id: actionId, block_id: 'console', value, action_ts: String(Date.now() / 1000) },
      ],
      ...(message ? { message: { ts: messageTs, text: message.message.text, blocks: message.message.blocks } } : {}),
    });
  }

  /** A reply sent to a `response_url`: ephemeral for its user unless it says `in_channel`. */
  respond(user: string, reply: ChatMessage & { response_type?: string }): void {
    const message = { text: reply.text ?? '', ...(reply.blocks ? { blocks: reply.blocks } : {}) };
    const inChannel = reply.response_type === 'in_channel';
    this.feed.add({ channel: consoleChannel, message, ...(inChannel ? {} : { ephemeralFor: user }) });
  }

  private nameOf(user: string): string {
    return this.users.find((candidate) => candidate.id === user)?.name ?? user;
  }

  private responseUrl(user: string): string {
    // Bolt posts replies here from this process, with the key as a browser's first visit brings it.
    return this.key.address(`${this.base}/console/respond/${encodeURIComponent(user)}`);
  }

  /** Hands the body to the app; returns once it is acked (its work goes on after, as in Slack). */
  private async deliver(user: string, body: Record<string, unknown>): Promise<void> {
    const app = this.app;
    if (!app) throw new Error('the console receiver was not given its app');
    let acked: () => void = () => {};
    const ack = new Promise<void>((resolve) => {
      acked = resolve;
    });
    const work = app.processEvent({
      body,
      ack: async (response?: unknown) => {
        const reply = typeof response === 'string' ? { text: response } : (response as ChatMessage | undefined);
        if (reply && (reply.text || reply.blocks)) this.respond(user, reply);
        acked();
      },
    });
    work.catch((error: unknown) => this.options.onError('running a console request', error)).finally(acked);
    await Promise.race([ack, new Promise((resolve) => setTimeout(resolve, ackDeadlineMs).unref())]);
  }
}
