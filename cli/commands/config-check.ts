import { ConfigFileError, defaultConfigPath, loadConfigFile } from '../../adapters/config/config-file';
import { formatConfigErrorAt } from '../../core/config/config-error';
import { sharedCredentials } from '../../core/config/credentials';
import { sharedRoles } from '../../core/config/shared-roles';
import { nextRuns } from '../../core/drift/cron-schedule';
import { parseCliArgs } from '../parse-cli-args';
import { type CliCommand, type CliIo, CliUsageError } from '../run-cli';

async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCliArgs(args, {});
  if (positionals.length > 1) throw new CliUsageError(`expected one config file, got ${positionals.length}`);
  const path = positionals[0] ?? defaultConfigPath();
  try {
    const config = await loadConfigFile(path);
    const count = config.stacks.length;
    io.stdout(`ok: ${count} ${count === 1 ? 'stack' : 'stacks'}\n`);
    const schedule = config.drift?.schedule;
    if (schedule) {
      const runs = nextRuns(schedule, 3, new Date()).map(
        (at) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      );
      io.stdout(`drift checks "${schedule}" next run at ${runs.join(', ')}\n`);
    }
    for (const stack of config.stacks) {
      for (const path of sharedCredentials(stack)) {
        io.stderr(
          `warning: stacks "${stack.name}" ${path} is one value for plans and applies: plan builds, which run the code of any ref, hold the apply credential; give { plan: …, apply: … }\n`,
        );
      }
    }
    for (const shared of sharedRoles(config.stacks)) {
      io.stderr(
        `warning: role ${shared.role} is named by ${shared.uses.join(', ')}: a build of one runs code as a role the others use (a build may assume only its own stack's role of its action); give each stack its own plan and apply roles\n`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    if (error.code !== 'config_invalid') {
      io.stderr(`infrabot: ${error.message}\n`);
      return 1;
    }
    io.stdout(error.errors.map((item) => `${formatConfigErrorAt(item)}\n`).join(''));
    return 1;
  }
}

/** `infrabot config check [FILE]`: validates the configuration; prints `ok: N stacks` or every error. */
export const configCheckCommand: CliCommand = {
  words: ['config', 'check'],
  usage: 'config check [FILE]',
  summary: 'validate infrabot.yaml (default $INFRABOT_CONFIG or ./infrabot.yaml)',
  run,
};
