import { type CliCommand, CliUsageError } from '../run-cli';

/**
 * The detached driver of one local build; `infrabot serve` starts it, people never need to. With `--wait` it is
 * a spare, started ahead of its build and told its directory by the bot.
 */
export const buildDriverCommand: CliCommand = {
  words: ['build-driver'],
  usage: 'build-driver <driver-dir> | --wait',
  summary: 'run one local build as infrabot serve started it (internal: builds outlive a restart of the bot)',
  async run(args) {
    const [dir, ...extra] = args;
    if (dir === undefined || extra.length > 0) throw new CliUsageError('name exactly one driver directory');
    const { driveBuild, driveWhenTold } = await import('../../adapters/local/build-driver');
    await (dir === '--wait' ? driveWhenTold() : driveBuild(dir));
    return 0;
  },
};
