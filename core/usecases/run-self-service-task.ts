import { cdnUsageError } from '../cdn/messages';
import { logsUsageError } from '../logs/messages';
import type { ChatMessage, CommandReplies } from '../ports';
import { escapeMrkdwn, section } from '../render/slack/block-kit';
import type { SelfServiceTask } from '../selfservice/task';
import type { CdnDeps } from './cdn-deps';
import { invalidateCdn } from './invalidate-cdn';
import type { LogsDeps } from './logs-deps';
import { runLogPreset } from './run-log-preset';

/** What the worker needs for both self-service commands. */
export interface SelfServiceWorkerDeps {
  cdn: CdnDeps;
  logs: LogsDeps;
  /** Replies through the command's response_url when the task has one; `chat.postEphemeral` otherwise. */
  replies?: CommandReplies;
}

/** Refusals caused by what the user typed: answered with the command's usage. */
const inputMistakes = new Set([
  'no_paths',
  'invalid_path',
  'too_many_paths',
  'too_many_wildcards',
  'unknown_target',
  'ambiguous_target',
  'unknown_preset',
  'invalid_arguments',
  'invalid_range',
  'invalid_parameter',
]);

/**
 * Runs one self-service task in the worker: the use case reports progress and results in the channel, and a
 * refusal is told to the user alone (ephemeral), with the usage when the input was at fault. An unexpected
 * error is told to the user as a short notice (never its details) and thrown again, for the log.
 */
export async function runSelfServiceTask(task: SelfServiceTask, deps: SelfServiceWorkerDeps): Promise<void> {
  try {
    await runTask(task, deps);
  } catch (error) {
    const at = deps.cdn.clock.now().toISOString();
    const notice = `Something went wrong while running ${task.kind}. The SRE team can find it in the worker's log at ${at}.`;
    await send(deps, task, { text: notice }).catch(() => undefined);
    throw error;
  }
}

async function runTask(task: SelfServiceTask, deps: SelfServiceWorkerDeps): Promise<void> {
  const requester = { source: 'slack', id: task.userId } as const;
  if (task.kind === 'cdn.invalidate') {
    const outcome = await invalidateCdn({ ...task, requester }, deps.cdn);
    if (!outcome.ok) await tell(deps, task, outcome, cdnUsageError);
    return;
  }
  const outcome = await runLogPreset({ ...task, requester }, deps.logs);
  if (!outcome.ok) await tell(deps, task, outcome, logsUsageError);
}

async function tell(
  deps: SelfServiceWorkerDeps,
  task: SelfServiceTask,
  refusal: { reason: string; message: string },
  usage: (message: string) => ChatMessage,
): Promise<void> {
  const message = inputMistakes.has(refusal.reason) ? usage(refusal.message) : refusalMessage(refusal.message);
  await send(deps, task, message);
}

async function send(deps: SelfServiceWorkerDeps, task: SelfServiceTask, message: ChatMessage): Promise<void> {
  if (task.responseUrl && deps.replies) await deps.replies.replyEphemeral(task.responseUrl, message);
  else await deps.cdn.chat.postEphemeral(task.channel, task.userId, message);
}

function refusalMessage(text: string): ChatMessage {
  return { text, blocks: [section(`:no_entry: ${escapeMrkdwn(text)}`)] };
}
