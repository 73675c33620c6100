import { parseInvalidationPaths } from '../../../core/cdn/invalidation-paths';
import { cdnUsageError } from '../../../core/cdn/messages';
import type { CdnCommand } from '../cdn-command';

/**
 * `/cdn invalidate <target> <path…>`: the paths are checked here, before any AWS call, so that mistakes are
 * answered at once; the worker resolves the target, authorizes, invalidates and reports in the channel.
 */
export const cdnInvalidateCommand: CdnCommand = {
  async run(args, context) {
    const [target, ...paths] = args;
    const cdn = context.deps.config.cdn;
    if (!cdn) {
      await context.reply({ text: 'CloudFront is not configured here (cdn in infrabot.yaml).' });
      return { outcome: 'refused', target: target ?? '*', detail: 'not_configured' };
    }
    if (!target || paths.length === 0) {
      await context.reply(cdnUsageError('name a distribution (or domain, or bucket) and at least one path'));
      return { outcome: 'refused', target: target ?? '*', detail: 'usage' };
    }
    const checked = parseInvalidationPaths(paths, cdn);
    if (!checked.ok) {
      await context.reply(cdnUsageError(checked.message));
      return { outcome: 'refused', target, detail: checked.reason };
    }
    await context.selfService.dispatcher.dispatch({
      kind: 'cdn.invalidate',
      userId: context.userId,
      channel: context.channelId,
      triggerId: context.triggerId,
      ...(context.responseUrl ? { responseUrl: context.responseUrl } : {}),
      target,
      paths,
    });
    return { outcome: 'accepted', target, audited: true };
  },
};
