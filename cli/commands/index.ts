import type { CliCommand } from '../run-cli';

/** Every CLI command, one file each. */
export const commands: readonly CliCommand[] = [];
