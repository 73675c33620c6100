import type { webApi } from '@slack/bolt';
import type { Chat, ChatMessage } from '../../core/ports';

type WebClient = webApi.WebClient;
type Blocks = webApi.Block[];

/** The Chat port over Slack's Web API. */
export class SlackChat implements Chat {
  constructor(private readonly client: WebClient) {}

  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }> {
    const result = await this.client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as Blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
    });
    if (!result.ts) throw new Error(`posting to ${channel}: Slack returned no message ts`);
    return { ts: result.ts };
  }

  async update(channel: string, ts: string, message: ChatMessage): Promise<void> {
    await this.client.chat.update({
      channel,
      ts,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as Blocks } : {}),
    });
  }

  async postEphemeral(channel: string, user: string, message: ChatMessage): Promise<void> {
    await this.client.chat.postEphemeral({
      channel,
      user,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as Blocks } : {}),
    });
  }

  async uploadFile(file: { channel: string; threadTs?: string; filename: string; title: string; content: string }) {
    const upload = { filename: file.filename, title: file.title, content: file.content };
    await this.client.filesUploadV2(
      file.threadTs
        ? { ...upload, channel_id: file.channel, thread_ts: file.threadTs }
        : { ...upload, channel_id: file.channel },
    );
  }
}
