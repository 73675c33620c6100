/** The types the `LogQueries` port speaks: one Athena query, its status and its result pages. */

/** A query to start: the preset's SQL and its parameters, already turned into SQL literals. */
export interface LogQuery {
  sql: string;
  /** One SQL literal per `?`, in order (Athena `ExecutionParameters`). */
  parameters: readonly string[];
  workgroup: string;
  database: string;
  /** Makes a retried start return the same query (Athena `ClientRequestToken`, 32 to 128 characters). */
  clientRequestToken?: string;
}

export type LogQueryStart = { ok: true; id: string } | { ok: false; reason: 'rejected' | 'throttled'; message: string };

export type LogQueryState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface LogQueryStatus {
  state: LogQueryState;
  /** Athena's reason for a failed or cancelled query. */
  reason?: string;
  dataScannedBytes?: number;
  /** Time the engine spent, in milliseconds. */
  engineMs?: number;
}

/** A cell is null when Athena returned no value (SQL NULL). */
export type LogCell = string | null;

export interface LogResultPage {
  columns: readonly string[];
  rows: readonly (readonly LogCell[])[];
  /** Present when more rows follow. */
  nextToken?: string;
}
