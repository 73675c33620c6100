import { cdnUsageError } from '../../core/cdn/messages';
import { tokenize } from '../../core/selfservice/tokens';
import { runAudited, type SelfServiceContext } from '../self-service/context';
import { cdnCommands, isCdnSubcommand } from './table';

/** Runs one `/cdn` invocation after the ack: the subcommand from the table, usage replies for mistakes. */
export async function handleCdn(text: string, context: SelfServiceContext): Promise<void> {
  const [first = 'help', ...args] = tokenize(text);
  const name = first.toLowerCase();
  await runAudited(`cdn.${isCdnSubcommand(name) ? name : 'unknown'}`, context, async () => {
    if (!isCdnSubcommand(name)) {
      await context.reply(cdnUsageError(`unknown command "${first}"`));
      return { outcome: 'refused', target: '*', detail: `unknown command ${first}` };
    }
    return cdnCommands[name].run(args, context);
  });
}
