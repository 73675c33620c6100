import type { DistributionSummary } from '../cdn/distribution';
import type { CreateInvalidationResult, Invalidation } from '../cdn/invalidation';
import type { LogQuery, LogQueryStart, LogQueryStatus, LogResultPage } from '../logs/log-query';
import type { SelfServiceTask } from '../selfservice/task';
import type { ChatMessage } from './chat';

/** CloudFront, for `/cdn`: the distributions and their invalidations. */
export interface Cdn {
  /** Every distribution of the account (paged through completely; adapters may cache for a few minutes). */
  listDistributions(): Promise<readonly DistributionSummary[]>;
  /**
   * Asks CloudFront to invalidate `paths`. The same `callerReference` with the same paths returns the
   * existing invalidation instead of creating another.
   */
  createInvalidation(
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
  ): Promise<CreateInvalidationResult>;
  getInvalidation(distributionId: string, invalidationId: string): Promise<Invalidation>;
}

/** Athena, for `/logs`: runs a preset's query and reads its result. */
export interface LogQueries {
  start(query: LogQuery): Promise<LogQueryStart>;
  status(queryId: string): Promise<LogQueryStatus>;
  /** One page of the result (at most 1,000 rows), without the header row; pass `nextToken` for the next. */
  results(queryId: string, pageToken?: string): Promise<LogResultPage>;
  /** Stops a query that ran past its deadline, so that it scans no more data. */
  stop(queryId: string): Promise<void>;
}

/** Hands a `/cdn invalidate` or `/logs` run to the worker: in process locally, an asynchronous Lambda invoke on AWS. */
export interface SelfServiceDispatcher {
  dispatch(task: SelfServiceTask): Promise<void>;
}

/**
 * Answers a slash command through its `response_url` (valid for 30 minutes): the reply reaches the user
 * alone in any channel, even one the bot is not a member of.
 */
export interface CommandReplies {
  replyEphemeral(responseUrl: string, message: ChatMessage): Promise<void>;
}

/** Waits; injected so that poll loops are tested without real waiting. */
export type Sleep = (ms: number) => Promise<void>;
