import type { Config } from '../../../core/config/schema';
import { escapeMrkdwn } from '../../../core/render/slack/block-kit';
import { isEnabled, type SelfServiceCommand } from '../../../core/selfservice/enabled';
import { infoReply } from '../replies';
import type { TfCommand } from '../tf-command';

/** Other slash commands infrabot answers when they are enabled, shown at the end of `/tf help`. */
const otherCommands: Record<SelfServiceCommand, string> = {
  cdn: '`/cdn help` — CloudFront: which distribution serves a bucket, and cache invalidation',
  logs: '`/logs` — log lookups in Athena from named presets',
};

/** The lines for the other commands this configuration turns on. */
export function enabledOtherCommands(config: Config): string[] {
  return (Object.keys(otherCommands) as SelfServiceCommand[])
    .filter((name) => isEnabled(config, name))
    .map((name) => otherCommands[name]);
}

/** Built from the command table so that help never drifts from what exists. */
export function helpCommand(table: () => Record<string, TfCommand>): TfCommand {
  return {
    usage: '/tf help',
    instant: true,
    summary: 'show this help',
    async run(_args, context) {
      const lines = Object.values(table()).map(
        (command) => `• \`${escapeMrkdwn(command.usage)}\` — ${command.summary}`,
      );
      const enabled = enabledOtherCommands(context.deps.config);
      const others = enabled.length > 0 ? `\n*Also:*\n${enabled.map((line) => `• ${line}`).join('\n')}` : '';
      await context.reply(infoReply(`*Terraform from Slack*\n${lines.join('\n')}${others}`));
      return { outcome: 'succeeded', target: '*' };
    },
  };
}
