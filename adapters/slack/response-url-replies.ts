import type { ChatMessage, CommandReplies } from '../../core/ports';

/** A reply Slack did not accept; keeps the status, never the URL (it is a bearer credential for 30 minutes). */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  readonly code = 'slack_response_url_failed';

  constructor(
    readonly status: number,
    cause?: unknown,
  ) {
    super(`replying through the command's response_url: Slack answered ${status}`, { cause });
  }
}

/** Replies to a slash command through its `response_url` (an HTTPS POST of JSON). */
export class ResponseUrlReplies implements CommandReplies {
  constructor(private readonly post: typeof fetch = fetch) {}

  async replyEphemeral(responseUrl: string, message: ChatMessage): Promise<void> {
    const response = await this.post(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        replace_original: false,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      }),
    });
    if (!response.ok) throw new ResponseUrlError(response.status);
  }
}
