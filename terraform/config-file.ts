import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { type Config, ConfigSchema } from '../core/config/schema';

/** What the deployment reads from infrabot.yaml: the config, or why there is none. */
export type DeployConfig =
  | { found: true; path: string; config: Config }
  | { found: false; path: string; warning: string };

/** Raised when infrabot.yaml exists but cannot be used; the message names the field and the fix. */
export class DeployConfigError extends Error {
  readonly code = 'deploy_config_invalid';
  override readonly name = 'DeployConfigError';
}

/**
 * Reads infrabot.yaml with the same schema the bot uses. A missing file is not an error (the app still
 * synthesizes, with CodeBuild roles that may assume no stack role) but comes back with a warning to print;
 * a file that does not parse or validate is an error naming each problem.
 */
export function readDeployConfig(repoRoot: string, configPath: string): DeployConfig {
  const path = resolve(repoRoot, configPath);
  if (!existsSync(path)) {
    return {
      found: false,
      path,
      warning: `no ${configPath} at ${path}: synthesizing without stacks, so CodeBuild may assume no stack role; write infrabot.yaml and synth again before deploying`,
    };
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new DeployConfigError(`reading ${path}: not valid YAML (${(cause as Error).message})`, { cause });
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new DeployConfigError(`reading ${path}: the config is not valid:\n${lines.join('\n')}`);
  }
  return { found: true, path, config: parsed.data };
}
