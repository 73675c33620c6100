import type { Chat, ChatMessage } from '../../core/ports';
import type { ConsoleFeed } from './console-feed';

/** How many Slack messages stay linked to their console copy (the feed keeps fewer). */
const mirroredKept = 1_000;

/** Slack's direct-message channels start with `D`: what is said there stays between the bot and that person. */
const isDirectMessage = (channel: string) => channel.startsWith('D');

/**
 * Slack's chat, with what the bot says in channels shown in the operators' console too (`INFRABOT_CONSOLE=1`):
 * every message posted or updated in a channel, as Slack draws it. Ephemeral replies, direct messages and files
 * are for the person they are sent to and stay in Slack only.
 */
export class MirroredChat implements Chat {
  /** The console's ts of each mirrored Slack message, by `channel ts`. */
  private readonly mirrored = new Map<string, string>();

  constructor(
    private readonly slack: Chat,
    private readonly feed: ConsoleFeed,
  ) {}

  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }> {
    const posted = await this.slack.post(channel, message, threadTs);
    if (isDirectMessage(channel)) return posted;
    const thread = threadTs === undefined ? undefined : this.mirrored.get(`${channel} ${threadTs}`);
    const shown = this.feed.add({ channel, message, ...(thread ? { threadTs: thread } : {}) });
    this.mirrored.set(`${channel} ${posted.ts}`, shown.ts);
    // The feed keeps its latest messages only; so does this map, oldest first out.
    for (const key of this.mirrored.keys()) {
      if (this.mirrored.size <= mirroredKept) break;
      this.mirrored.delete(key);
    }
    return posted;
  }

  async update(channel: string, ts: string, message: ChatMessage): Promise<void> {
    await this.slack.update(channel, ts, message);
    const shown = this.mirrored.get(`${channel} ${ts}`);
    if (shown) this.feed.update(shown, message);
  }

  postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    return this.slack.postEphemeral(channel, user, message);
  }

  openDirectMessage(user: string): Promise<string> {
    return this.slack.openDirectMessage(user);
  }

  uploadFile(file: Parameters<Chat['uploadFile']>[0]): Promise<void> {
    return this.slack.uploadFile(file);
  }
}
