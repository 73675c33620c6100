import type { ChatMessage } from '../../core/ports';
import { describeRefusal } from '../../core/render/refusal-text';
import { type Block, escapeMrkdwn, section } from '../../core/render/slack/block-kit';
import { escapeMrkdwnKeepingMentions } from '../../core/render/slack/escape';
import type { Refusal } from '../../core/usecases/refusal';

/** An ephemeral error: what was wrong, then how to call the command. */
export function usageReply(problem: string, usage: string): ChatMessage {
  const text = `${problem}\nUsage: ${usage}`;
  return {
    text,
    blocks: [section(`:warning: ${escapeMrkdwn(problem)}`), section(`*Usage:* \`${escapeMrkdwn(usage)}\``)],
  };
}

/** An ephemeral refusal in words (Slack users named as mentions), with optional buttons (e.g. "Plan now"). */
export function refusalReply(refusal: Refusal, extra: Block[] = []): ChatMessage {
  const text = describeRefusal(refusal);
  return { text, blocks: [section(`:no_entry: ${escapeMrkdwnKeepingMentions(text)}`), ...extra] };
}

export function infoReply(markdown: string, text = markdown): ChatMessage {
  return { text, blocks: [section(markdown)] };
}
