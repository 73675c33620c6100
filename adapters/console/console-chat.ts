import type { Chat, ChatMessage, Directory } from '../../core/ports';
import type { ConsoleFeed, ConsoleMessage } from './console-feed';

/** A direct-message channel's id in the console: `D` and the user, as Slack's start with `D`. */
const directPrefix = 'DCONSOLE-';

/** A message in a direct-message channel shows to its one user only, as in Slack. */
function audience(channel: string): Pick<ConsoleMessage, 'ephemeralFor' | 'direct'> {
  if (!channel.startsWith(directPrefix)) return {};
  return { ephemeralFor: channel.slice(directPrefix.length), direct: true };
}

/** The Chat port in the console: messages go to the console's feed instead of Slack. */
export class ConsoleChat implements Chat {
  constructor(private readonly feed: ConsoleFeed) {}

  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }> {
    const posted = this.feed.add({ channel, message, ...audience(channel), ...(threadTs ? { threadTs } : {}) });
    return { ts: posted.ts };
  }

  async openDirectMessage(user: string): Promise<string> {
    return `${directPrefix}${user}`;
  }

  async update(_channel: string, ts: string, message: ChatMessage): Promise<void> {
    this.feed.update(ts, message);
  }

  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    this.feed.add({ channel, message, ephemeralFor: user });
  }

  async uploadFile(file: {
    channel: string;
    threadTs?: string;
    filename: string;
    title: string;
    content: string;
  }): Promise<void> {
    const id = this.feed.keepFile(file.content);
    this.feed.add({
      channel: file.channel,
      message: { text: file.title },
      file: { id, filename: file.filename, title: file.title },
      ...audience(file.channel),
      ...(file.threadTs ? { threadTs: file.threadTs } : {}),
    });
  }
}

/** The console's people: who is in which `@group`; every demo user is a full member, nobody else is. */
export class ConsoleDirectory implements Directory {
  constructor(
    private readonly groups: Readonly<Record<string, readonly string[]>>,
    private readonly members: readonly string[],
  ) {}

  async membersOf(handle: string): Promise<readonly string[]> {
    return this.groups[handle] ?? [];
  }

  async isFullMember(userId: string): Promise<boolean> {
    return this.members.includes(userId);
  }
}
