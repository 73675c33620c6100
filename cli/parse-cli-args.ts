import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliUsageError } from './run-cli';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` `parseArgs` with positionals allowed and its errors turned into a `CliUsageError` whose
 * message is the first sentence (`Unknown option '--x'`), so the user sees it with the command's usage.
 */
export function parseCliArgs<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(message.split('. ')[0] ?? message);
  }
}
