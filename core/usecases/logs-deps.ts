import type { LogsConfig } from '../config/schema';
import type { AuditLog, Chat, Clock, Directory, LogQueries, Sleep } from '../ports';
import type { PollTiming } from '../selfservice/poll';

/** What the `/logs` use case needs (in the worker: in process locally, the worker Lambda on AWS). */
export interface LogsDeps {
  /** `logs` of infrabot.yaml; absent when the section is missing. */
  config: LogsConfig | undefined;
  logQueries: LogQueries;
  chat: Chat;
  audit: AuditLog;
  directory: Directory;
  clock: Clock;
  sleep: Sleep;
  /** How long to wait for the query before stopping it. */
  poll: PollTiming;
}

/** The default poll: 1 s doubling to 10 s, for at most 5 minutes (under the worker Lambda's 6-minute timeout). */
export const defaultLogQueryPoll: PollTiming = {
  deadlineMs: 300_000,
  firstDelayMs: 1_000,
  maxDelayMs: 10_000,
};
