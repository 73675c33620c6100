import { configJsonSchema } from '../../core/config/json-schema';
import { formatJson } from '../format-json';
import { parseCliArgs } from '../parse-cli-args';
import { type CliCommand, type CliIo, CliUsageError } from '../run-cli';

async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCliArgs(args, {});
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
  io.stdout(formatJson(configJsonSchema()));
  return 0;
}

/** `infrabot config schema`: prints the JSON Schema of infrabot.yaml for editors (as in infrabot.schema.json). */
export const configSchemaCommand: CliCommand = {
  words: ['config', 'schema'],
  usage: 'config schema',
  summary: 'print the JSON Schema of infrabot.yaml (for editors)',
  run,
};
