import type { CdnConfig } from '../config/schema';
import type { AuditLog, Cdn, Chat, Clock, Directory, Sleep } from '../ports';
import type { PollTiming } from '../selfservice/poll';

/** What the `/cdn` use cases need (in the worker: in process locally, the worker Lambda on AWS). */
export interface CdnDeps {
  /** `cdn` of infrabot.yaml; absent when the section is missing. */
  config: CdnConfig | undefined;
  cdn: Cdn;
  chat: Chat;
  audit: AuditLog;
  directory: Directory;
  clock: Clock;
  sleep: Sleep;
  /** How long to poll GetInvalidation before leaving the message at "still in progress". */
  poll: PollTiming;
}

/**
 * The default poll: 5 s doubling to 30 s, for at most 4 minutes (invalidations usually complete within one),
 * so the worker Lambda stays short and its timeout (6 minutes) covers it.
 */
export const defaultInvalidationPoll: PollTiming = {
  deadlineMs: 240_000,
  firstDelayMs: 5_000,
  maxDelayMs: 30_000,
};
