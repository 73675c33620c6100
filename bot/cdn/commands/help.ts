import { cdnUsage } from '../../../core/cdn/messages';
import { section } from '../../../core/render/slack/block-kit';
import type { CdnCommand } from '../cdn-command';

export const cdnHelpCommand: CdnCommand = {
  async run(_args, context) {
    await context.reply({ text: cdnUsage, blocks: [section(`*CloudFront from Slack*\n${cdnUsage}`)] });
    return { outcome: 'succeeded', target: '*' };
  },
};
