import type { CliCommand } from '../run-cli';

export const serveCommand: CliCommand = {
  words: ['serve'],
  usage: 'serve',
  summary: 'run the Slack bot (settings from the environment; see .env.example)',
  async run(_args, io) {
    // Loaded on use: the bot pulls in Bolt and the AWS SDKs, which the other commands never need.
    const { readServeSettings } = await import('../../bot/serve-settings');
    const { startLocalBot } = await import('../../bot/local-bot');
    const settings = readServeSettings(process.env);
    const bot = await startLocalBot(settings);
    const mode = settings.SLACK_APP_TOKEN ? 'Socket Mode' : `POST http://localhost:${bot.port}/slack/events`;
    io.stdout(
      `infrabot is running (${mode}; health at http://localhost:${bot.port}/healthz; ${settings.INFRABOT_RUNNER} runner)\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        io.stdout('infrabot is stopping\n');
        void bot.stop().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
