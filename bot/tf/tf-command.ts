import type { AuditEntry, ChatMessage } from '../../core/ports';
import type { BotDeps } from '../deps';

/** One `/tf` invocation, after the ack. */
export interface TfContext {
  userId: string;
  channelId: string;
  /** Unique per invocation; a retried request carries the same one. */
  triggerId: string;
  /** Replies to the user alone (ephemeral). */
  reply: (message: ChatMessage) => Promise<void>;
  deps: BotDeps;
}

/** What a command did, for the audit log. `audited` when the use case wrote its own line. */
export interface CommandOutcome {
  outcome: AuditEntry['outcome'];
  target: string;
  detail?: string;
  audited?: boolean;
}

/** A refusal found before the ack, or nothing to say (the command goes ahead). */
export type Precheck = { reply: ChatMessage; detail: string } | undefined;

export interface TfCommand {
  usage: string;
  summary: string;
  /**
   * A read-only command that answers in a few milliseconds: its reply goes back in the ack itself,
   * sparing Slack a second round trip. Everything else acks first and works after.
   */
  instant?: true | ((args: readonly string[]) => boolean);
  /**
   * Quick checks made before the ack (arguments, the stack, its lock): a refusal found here is answered in
   * the ack itself, so a mistake costs the user no wait. Throws UsageError for malformed arguments.
   */
  precheck?(args: readonly string[], context: TfContext): Promise<Precheck>;
  run(args: readonly string[], context: TfContext): Promise<CommandOutcome>;
}

/** Whether `command` answers `args` in the ack itself. */
export function isInstant(command: TfCommand, args: readonly string[]): boolean {
  return typeof command.instant === 'function' ? command.instant(args) : command.instant === true;
}

/** A mistake in how a command was called; answered with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}
