import { readFile } from 'node:fs/promises';
import { type ConfigError, formatConfigErrorAt } from '../../core/config/config-error';
import { parseConfig } from '../../core/config/load-config';
import type { Config } from '../../core/config/schema';

/** Where the configuration is read from when no path is given: `$INFRABOT_CONFIG`, else `infrabot.yaml`. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.INFRABOT_CONFIG?.trim();
  return fromEnv ? fromEnv : 'infrabot.yaml';
}

export type ConfigFileErrorCode = 'config_not_found' | 'config_unreadable' | 'config_invalid';

/**
 * The configuration file could not be used. `message` is ready to show: one line for a missing or
 * unreadable file; for an invalid one, a heading and then each error on its own line (`file:line:col: path: …`).
 */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  constructor(
    readonly code: ConfigFileErrorCode,
    readonly path: string,
    message: string,
    /** Every problem found, for `config_invalid`. */
    readonly errors: readonly ConfigError[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const hint = 'create it (see docs/configuration.md), pass its path, or set INFRABOT_CONFIG';
      throw new ConfigFileError('config_not_found', path, `config file "${path}" not found: ${hint}`, [], {
        cause: error,
      });
    }
    const reason = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code);
    throw new ConfigFileError('config_unreadable', path, `reading config file "${path}": ${reason}`, [], {
      cause: error,
    });
  }
}

/**
 * Reads and validates a configuration file (the bot's startup and the CLI share it).
 * @throws ConfigFileError when the file is missing, unreadable or invalid
 */
export async function loadConfigFile(path: string): Promise<Config> {
  const result = parseConfig(await readText(path), path);
  if (result.ok) return result.config;
  const count = result.errors.length === 1 ? '1 error' : `${result.errors.length} errors`;
  const lines = result.errors.map(formatConfigErrorAt);
  throw new ConfigFileError(
    'config_invalid',
    path,
    `${path} is not valid (${count}):\n${lines.join('\n')}`,
    result.errors,
  );
}
