import type { Config } from '../config/schema';
import type { ChatMessage } from '../ports';

/** The self-service slash commands, each turned on by the `infrabot.yaml` section of the same name. */
export type SelfServiceCommand = 'cdn' | 'logs';

/** Whether the configuration turns the command on (its section is present). */
export function isEnabled(config: Config, command: SelfServiceCommand): boolean {
  return config[command] !== undefined;
}

/**
 * The reply to a self-service command this infrabot does not offer: Slack still sends it when the app's manifest
 * lists it, and a clear answer beats "not acknowledged within 3 seconds".
 */
export function notEnabledReply(command: SelfServiceCommand): ChatMessage {
  return {
    text:
      `\`/${command}\` is not enabled in this infrabot; see docs/self-service.md. ` +
      `An admin turns it on with a \`${command}:\` section in infrabot.yaml.`,
  };
}
