import { applyCommand } from './commands/apply';
import { cancelCommand } from './commands/cancel';
import { driftCommand } from './commands/drift';
import { helpCommand } from './commands/help';
import { locksCommand } from './commands/locks';
import { planCommand } from './commands/plan';
import { stacksCommand } from './commands/stacks';
import { statusCommand } from './commands/status';
import { unlockCommand } from './commands/unlock';
import type { TfCommand } from './tf-command';

export type TfSubcommand = 'help' | 'stacks' | 'plan' | 'apply' | 'status' | 'locks' | 'unlock' | 'cancel' | 'drift';

/** Every `/tf` subcommand, one file each. */
export const tfCommands: Record<TfSubcommand, TfCommand> = {
  help: helpCommand(() => tfCommands),
  stacks: stacksCommand,
  plan: planCommand,
  apply: applyCommand,
  status: statusCommand,
  locks: locksCommand,
  unlock: unlockCommand,
  cancel: cancelCommand,
  drift: driftCommand,
};

export function isTfSubcommand(word: string): word is TfSubcommand {
  return Object.hasOwn(tfCommands, word);
}
