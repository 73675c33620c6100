import type { Chat, ChatMessage, Directory } from '../../core/ports';
import type { ConsoleFeed } from './console-feed';

/** The Chat port in the console: messages go to the console's feed instead of Slack. */
export class ConsoleChat implements Chat {
  constructor(private readonly feed: ConsoleFeed) {}

  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }> {
    const posted = this.feed.add({ channel, message, ...(threadTs ? { threadTs } : {}) });
    return { ts: posted.ts };
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
      ...(file.threadTs ? { threadTs: file.threadTs } : {}),
    });
  }
}

/** The console's people: who is in which `@group`. */
export class ConsoleDirectory implements Directory {
  constructor(private readonly groups: Readonly<Record<string, readonly string[]>>) {}

  async membersOf(handle: string): Promise<readonly string[]> {
    return this.groups[handle] ?? [];
  }
}
