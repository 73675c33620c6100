import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { type Config, ConfigSchema } from '../../core/config/schema';

/** The configuration file is missing or invalid; the message names the file and every problem. */
export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
  readonly code = 'config_invalid';
}

/** Reads and validates infrabot.yaml (bundled beside the handler, or where INFRABOT_CONFIG points). */
export async function readConfigFile(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`reading the configuration ${path}: set INFRABOT_CONFIG to its path`, { cause: error });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ConfigFileError(`reading the configuration ${path}: invalid YAML`, { cause: error });
  }
  const parsed = ConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  throw new ConfigFileError(`the configuration ${path} is invalid: ${problems.join('; ')}`);
}
