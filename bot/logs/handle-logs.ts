import { logsUsageError, renderPresetList } from '../../core/logs/messages';
import { prepareLogQuery } from '../../core/logs/prepare-query';
import { tokenize } from '../../core/selfservice/tokens';
import { runAudited, type SelfServiceContext, type SelfServiceOutcome } from '../self-service/context';

/**
 * Runs one `/logs` invocation after the ack. `/logs` (or `/logs help`) lists the presets; `/logs <preset> …`
 * is checked here (preset, parameters, range) so that mistakes are answered at once, then handed to the
 * worker, which authorizes, runs the query and reports in a thread.
 */
export async function handleLogs(text: string, context: SelfServiceContext): Promise<void> {
  const [preset, ...words] = tokenize(text);
  await runAudited(
    preset === undefined || preset.toLowerCase() === 'help' ? 'logs.list' : 'logs.run',
    context,
    async (): Promise<SelfServiceOutcome> => {
      const logs = context.deps.config.logs;
      if (preset === undefined || preset.toLowerCase() === 'help') {
        await context.reply(renderPresetList(logs));
        return { outcome: 'succeeded', target: '*' };
      }
      const prepared = prepareLogQuery(logs, preset, words, context.deps.clock.now());
      if (!prepared.ok) {
        await context.reply(logsUsageError(prepared.message));
        return { outcome: 'refused', target: preset, detail: prepared.reason };
      }
      await context.selfService.dispatcher.dispatch({
        kind: 'logs.run',
        userId: context.userId,
        channel: context.channelId,
        triggerId: context.triggerId,
        ...(context.responseUrl ? { responseUrl: context.responseUrl } : {}),
        preset: prepared.preset.name,
        words,
      });
      return { outcome: 'accepted', target: prepared.preset.name, audited: true };
    },
  );
}
