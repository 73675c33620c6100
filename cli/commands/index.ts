import type { CliCommand } from '../run-cli';
import { affectedCommand } from './affected';
import { buildDriverCommand } from './build-driver';
import { configCheckCommand } from './config-check';
import { configSchemaCommand } from './config-schema';
import { serveCommand } from './serve';
import { summarizeCommand } from './summarize';

/** Every CLI command, one file each. */
export const commands: readonly CliCommand[] = [
  configCheckCommand,
  configSchemaCommand,
  affectedCommand,
  summarizeCommand,
  serveCommand,
  buildDriverCommand,
];
