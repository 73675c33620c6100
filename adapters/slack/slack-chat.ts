import type { webApi } from '@slack/bolt';
import type { Chat, ChatMessage } from '../../core/ports';

type WebClient = webApi.WebClient;
type Blocks = webApi.Block[];

/** Slack's answers meaning the bot cannot post in a channel: the user can fix these by inviting it. */
const unavailableChannel: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** The bot may not post in the channel (not a member, a DM it is not part of, archived). */
export class ChannelUnavailableError extends Error {
  override readonly name = 'ChannelUnavailableError';
  readonly code = 'slack_channel_unavailable';

  constructor(
    readonly channel: string,
    readonly slackError: string,
    cause: unknown,
  ) {
    super(`posting to ${channel}: Slack answered ${slackError}`, { cause });
  }
}

function slackErrorOf(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** The Chat port over Slack's Web API. */
export class SlackChat implements Chat {
  constructor(private readonly client: WebClient) {}

  /** @throws ChannelUnavailableError when the bot may not post in the channel. */
  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<{ ts: string }> {
    const result = await this.client.chat
      .postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as Blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
      })
      .catch((error: unknown) => {
        const slackError = slackErrorOf(error);
        if (slackError && unavailableChannel.has(slackError))
          throw new ChannelUnavailableError(channel, slackError, error);
        throw error;
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

  async openDirectMessage(user: string): Promise<string> {
    const result = await this.client.conversations.open({ users: user });
    const id = result.channel?.id;
    if (!id) throw new Error(`opening a direct message with ${user}: Slack returned no channel`);
    return id;
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
