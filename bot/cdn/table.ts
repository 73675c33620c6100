import type { CdnCommand } from './cdn-command';
import { cdnHelpCommand } from './commands/help';
import { cdnInvalidateCommand } from './commands/invalidate';
import { cdnWhichCommand } from './commands/which';

export type CdnSubcommand = 'help' | 'which' | 'invalidate';

/** Every `/cdn` subcommand, one file each. */
export const cdnCommands: Record<CdnSubcommand, CdnCommand> = {
  help: cdnHelpCommand,
  which: cdnWhichCommand,
  invalidate: cdnInvalidateCommand,
};

export function isCdnSubcommand(word: string): word is CdnSubcommand {
  return Object.hasOwn(cdnCommands, word);
}
