import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { infoReply } from '../replies';
import type { TfCommand } from '../tf-command';

/** Other slash commands infrabot answers, shown at the end of `/tf help`. */
export const otherCommands = [
  '`/cdn help` — CloudFront: which distribution serves a bucket, and cache invalidation',
  '`/logs` — log lookups in Athena from named presets',
];

/** Built from the command table so that help never drifts from what exists. */
export function helpCommand(table: () => Record<string, TfCommand>): TfCommand {
  return {
    usage: '/tf help',
    summary: 'show this help',
    async run(_args, context) {
      const lines = Object.values(table()).map(
        (command) => `• \`${escapeMrkdwn(command.usage)}\` — ${command.summary}`,
      );
      const others =
        otherCommands.length > 0 ? `\n*Also:*\n${otherCommands.map((line) => `• ${line}`).join('\n')}` : '';
      await context.reply(infoReply(`*Terraform from Slack*\n${lines.join('\n')}${others}`));
      return { outcome: 'succeeded', target: '*' };
    },
  };
}
