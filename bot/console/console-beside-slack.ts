import type { CustomRoute } from '@slack/bolt';
import { ConsoleFeed } from '../../adapters/console/console-feed';
import { ConsoleKey } from '../../adapters/console/console-key';
import { consoleRoutes } from '../../adapters/console/console-routes';
import { listenOnLoopback } from '../../adapters/console/loopback-server';
import { MirroredChat } from '../../adapters/console/mirrored-chat';
import type { Chat } from '../../core/ports';

/** The console beside Slack could not listen; the message says on which port and what to change. */
export class ConsoleStartError extends Error {
  override name = 'ConsoleStartError';
  readonly code = 'console_not_started';
}

/** The operators' console beside a Slack bot (`INFRABOT_CONSOLE=1`), once it listens. */
export interface ConsoleBesideSlack {
  url: string;
  stop(): Promise<void>;
}

/**
 * The console for operators of a configured Slack bot: what the bot says in Slack's channels, live, as Slack
 * draws it, with the job pages open (no signed link needed) and the state at a glance (`/locks`, `/jobs`,
 * `/audit`). It listens on 127.0.0.1 only, for the holder of its key (see {@link ConsoleKey}), and only watches: people act in Slack, where Slack says who they are.
 */
export class OperatorsConsole {
  private readonly feed = new ConsoleFeed();

  /** Slack's chat, with what the bot says in channels also shown in this console. */
  mirror(slack: Chat): Chat {
    return new MirroredChat(slack, this.feed);
  }

  /** Serves the console and `routes` (open job pages, the state pages) on 127.0.0.1:`port`. */
  async start(
    port: number,
    routes: readonly CustomRoute[],
    onError: (activity: string, error: unknown) => void,
  ): Promise<ConsoleBesideSlack> {
    const key = new ConsoleKey();
    const handle = consoleRoutes({ users: [], feed: this.feed }, routes, key);
    const served = await listenOnLoopback(handle, port, onError).catch((error: unknown) => {
      const why = (error as { code?: string }).code === 'EADDRINUSE' ? 'the port is in use' : String(error);
      throw new ConsoleStartError(
        `serving the console on 127.0.0.1:${port}: ${why} (set INFRABOT_CONSOLE_PORT to a free port)`,
        { cause: error },
      );
    });
    return { url: key.address(`${served.url}/`), stop: () => served.close() };
  }
}
