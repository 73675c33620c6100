import { ResponseUrlReplies } from '../../adapters/slack/response-url-replies';
import type { Config } from '../../core/config/schema';
import type { AuditLog, Cdn, Chat, Clock, CommandReplies, Directory, LogQueries, Sleep } from '../../core/ports';
import type { PollTiming } from '../../core/selfservice/poll';
import { defaultInvalidationPoll } from '../../core/usecases/cdn-deps';
import { defaultLogQueryPoll } from '../../core/usecases/logs-deps';
import type { SelfServiceWorkerDeps } from '../../core/usecases/run-self-service-task';

export interface SelfServiceWorkerParts {
  config: Config;
  cdn: Cdn;
  logQueries: LogQueries;
  chat: Chat;
  audit: AuditLog;
  directory: Directory;
  clock: Clock;
  /** Replies through response_url; over HTTPS unless a test passes its own. */
  replies?: CommandReplies;
  /** Real waiting unless a test passes its own. */
  sleep?: Sleep;
  /** Poll deadlines: keep them under the worker Lambda's timeout on AWS. */
  invalidationPoll?: PollTiming;
  logQueryPoll?: PollTiming;
}

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Assembles what `runSelfServiceTask` needs, for the in-process worker and the worker Lambda alike. */
export function buildSelfServiceWorkerDeps(parts: SelfServiceWorkerParts): SelfServiceWorkerDeps {
  const shared = {
    chat: parts.chat,
    audit: parts.audit,
    directory: parts.directory,
    clock: parts.clock,
    sleep: parts.sleep ?? realSleep,
  };
  return {
    replies: parts.replies ?? new ResponseUrlReplies(),
    cdn: {
      ...shared,
      config: parts.config.cdn,
      cdn: parts.cdn,
      poll: parts.invalidationPoll ?? defaultInvalidationPoll,
    },
    logs: {
      ...shared,
      config: parts.config.logs,
      logQueries: parts.logQueries,
      poll: parts.logQueryPoll ?? defaultLogQueryPoll,
    },
  };
}
