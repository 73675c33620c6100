import type { CliCommand, CliIo } from '../run-cli';

/** The console for a newcomer with nothing set; otherwise the Slack bot, which names any setting missing. */
async function startBot(io: CliIo): Promise<{ stop(): Promise<void> }> {
  const { startConsole, wantsConsole } = await import('../../bot/console/start-console');
  if (wantsConsole(process.env)) {
    const console = await startConsole(process.env);
    io.stdout(
      `infrabot console: ${console.url}\n(no Slack settings: the console runs the demo in examples/demo; see the README to connect Slack)\n`,
    );
    return console;
  }
  const { readServeSettings } = await import('../../bot/serve-settings');
  const { startLocalBot } = await import('../../bot/local-bot');
  const settings = readServeSettings(process.env);
  const bot = await startLocalBot(settings);
  const mode = settings.SLACK_APP_TOKEN ? 'Socket Mode' : `POST http://localhost:${bot.port}/slack/events`;
  io.stdout(
    `infrabot is running (${mode}; health at http://localhost:${bot.port}/healthz; ${settings.INFRABOT_RUNNER} runner)\n`,
  );
  if (bot.consoleUrl) io.stdout(`infrabot console beside Slack (loopback only): ${bot.consoleUrl}\n`);
  return bot;
}

export const serveCommand: CliCommand = {
  words: ['serve'],
  usage: 'serve',
  summary: 'run the Slack bot (settings from the environment; see .env.example)',
  async run(_args, io) {
    // Loaded on use: the bot pulls in Bolt and the AWS SDKs, which the other commands never need.
    const bot = await startBot(io);
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.stdout('infrabot is stopping: no new jobs; running applies finish, plans and queued jobs are cancelled\n');
        void bot.stop().then(() => {
          io.stdout('infrabot has stopped\n');
          resolve();
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
