import { cdnUsageError } from '../../../core/cdn/messages';
import { whichCdn } from '../../../core/usecases/which-cdn';
import type { CdnCommand } from '../cdn-command';

/** `/cdn which <bucket|domain|distribution-id>`: read-only, answered to the user alone. */
export const cdnWhichCommand: CdnCommand = {
  async run(args, context) {
    const [query, ...extra] = args;
    if (!query || extra.length > 0) {
      await context.reply(cdnUsageError('name one bucket, domain or distribution id'));
      return { outcome: 'refused', target: query ?? '*', detail: 'usage' };
    }
    const message = await whichCdn(query, { cdn: context.selfService.cdn, config: context.deps.config.cdn });
    await context.reply(message);
    return { outcome: 'succeeded', target: query };
  },
};
