import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleChat, ConsoleDirectory } from '../../adapters/console/console-chat';
import { ConsoleFeed } from '../../adapters/console/console-feed';
import { ConsoleReceiver, type ConsoleUser } from '../../adapters/console/console-receiver';
import { layOutDemoRepository } from '../../adapters/console/demo-repository';
import { logError, type RunningBot, startLocalBot } from '../local-bot';
import type { ServeSettings } from '../serve-settings';

const demoDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/demo');

/** The people of the demo: one who may apply, one who may only plan. */
export const demoUsers: readonly ConsoleUser[] = [
  { id: 'UDEMOADA', name: 'Ada', role: 'applier' },
  { id: 'UDEMODEV', name: 'Dev', role: 'developer' },
];

/** The demo's groups: `@platform` holds the appliers (see examples/demo/infrabot.yaml). */
const demoGroups = { platform: ['UDEMOADA'] };

/** True when nothing of Slack and no repository is set: a newcomer's first `npm start`. */
export function wantsConsole(env: NodeJS.ProcessEnv): boolean {
  const set = (name: string) => Boolean(env[name]?.trim());
  const slack = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'].some(set);
  return !slack && !set('INFRABOT_REPO_DIR');
}

/**
 * The console: infrabot without Slack, on loopback. It lays out the demo repository under the state directory,
 * runs the same bot (same commands, store, local runner and real terraform) with the console as its chat, and
 * serves the conversation, job pages and the state at a glance in a browser.
 */
export async function startConsole(env: NodeJS.ProcessEnv): Promise<RunningBot & { url: string }> {
  const state = resolve(env.INFRABOT_STATE?.trim() || '.infrabot/state.db');
  const repo = await layOutDemoRepository(demoDir, join(dirname(state), 'console'));
  const settings: ServeSettings = {
    // Only the console's own requests reach this bot; the secret just keys its job links.
    SLACK_SIGNING_SECRET: randomBytes(32).toString('hex'),
    SLACK_BOT_TOKEN: 'xoxb-console',
    // No Slack: any call that still went to Slack's API would reach nothing.
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    PORT: Number(env.PORT ?? 3000),
    INFRABOT_CONFIG: env.INFRABOT_CONFIG?.trim() || join(demoDir, 'infrabot.yaml'),
    INFRABOT_STATE: state,
    INFRABOT_REPO_DIR: repo.clone,
    INFRABOT_RUNNER: 'local',
    // This console stands in for Slack; the one beside Slack is for a configured bot.
    INFRABOT_CONSOLE: false,
    INFRABOT_CONSOLE_PORT: 0,
  };
  const feed = new ConsoleFeed();
  let receiver: ConsoleReceiver | undefined;
  const bot = await startLocalBot(settings, env, {
    console: {
      receiver: (customRoutes) => {
        receiver = new ConsoleReceiver({ feed, users: demoUsers, customRoutes, onError: logError });
        return receiver;
      },
      chat: new ConsoleChat(feed),
      directory: new ConsoleDirectory(
        demoGroups,
        demoUsers.map((user) => user.id),
      ),
    },
  });
  if (!receiver) throw new Error('the console bot started without its receiver');
  return { ...bot, url: receiver.key.address(`http://127.0.0.1:${bot.port}/`) };
}
