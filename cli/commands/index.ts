import type { CliCommand } from '../run-cli';
import { summarizeCommand } from './summarize';

/** Every CLI command, one file each. */
export const commands: readonly CliCommand[] = [summarizeCommand];
