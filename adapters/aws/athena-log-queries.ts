import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionState,
  type Row,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type {
  LogCell,
  LogQuery,
  LogQueryStart,
  LogQueryState,
  LogQueryStatus,
  LogResultPage,
} from '../../core/logs/log-query';
import type { LogQueries } from '../../core/ports';
import { AwsCallError, awsErrorName, isThrottling } from './aws-errors';

/** Athena returns at most this many rows a page. */
export const athenaPageSize = 1_000;

const states: Record<QueryExecutionState, LogQueryState> = {
  QUEUED: 'queued',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

/** The `LogQueries` port on Athena: starts a query with execution parameters in a workgroup and reads its pages. */
export class AthenaLogQueries implements LogQueries {
  constructor(private readonly client: AthenaClient) {}

  async start(query: LogQuery): Promise<LogQueryStart> {
    const command = new StartQueryExecutionCommand({
      QueryString: query.sql,
      QueryExecutionContext: { Database: query.database },
      WorkGroup: query.workgroup,
      ...(query.parameters.length > 0 ? { ExecutionParameters: [...query.parameters] } : {}),
      ...(query.clientRequestToken ? { ClientRequestToken: query.clientRequestToken } : {}),
    });
    try {
      const output = await this.client.send(command);
      if (!output.QueryExecutionId) throw new Error('Athena returned no query execution id');
      return { ok: true, id: output.QueryExecutionId };
    } catch (error) {
      if (awsErrorName(error) === 'InvalidRequestException') {
        return { ok: false, reason: 'rejected', message: `Athena refused the query: ${messageOf(error)}` };
      }
      if (isThrottling(error)) {
        return { ok: false, reason: 'throttled', message: 'Athena is throttling requests; try again in a minute' };
      }
      throw new AwsCallError(`starting an athena query in workgroup ${query.workgroup}`, error);
    }
  }

  async status(queryId: string): Promise<LogQueryStatus> {
    const output = await this.send(`reading athena query ${queryId}`, () =>
      this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })),
    );
    const execution = output.QueryExecution;
    const state = states[execution?.Status?.State ?? 'QUEUED'];
    const reason = execution?.Status?.AthenaError?.ErrorMessage ?? execution?.Status?.StateChangeReason;
    const statistics = execution?.Statistics;
    return {
      state,
      ...(reason ? { reason } : {}),
      ...(statistics?.DataScannedInBytes !== undefined ? { dataScannedBytes: statistics.DataScannedInBytes } : {}),
      ...(statistics?.EngineExecutionTimeInMillis !== undefined
        ? { engineMs: statistics.EngineExecutionTimeInMillis }
        : {}),
    };
  }

  async results(queryId: string, pageToken?: string): Promise<LogResultPage> {
    const output = await this.send(`reading the results of athena query ${queryId}`, () =>
      this.client.send(
        new GetQueryResultsCommand({
          QueryExecutionId: queryId,
          MaxResults: athenaPageSize,
          ...(pageToken ? { NextToken: pageToken } : {}),
        }),
      ),
    );
    const columns = (output.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => column.Name ?? '');
    const rows = (output.ResultSet?.Rows ?? []).map(cellsOf);
    const [first] = rows;
    const isHeader = pageToken === undefined && first !== undefined && sameCells(first, columns);
    return {
      columns,
      rows: isHeader ? rows.slice(1) : rows,
      ...(output.NextToken ? { nextToken: output.NextToken } : {}),
    };
  }

  async stop(queryId: string): Promise<void> {
    await this.send(`stopping athena query ${queryId}`, () =>
      this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId })),
    );
  }

  private async send<T>(activity: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new AwsCallError(activity, error);
    }
  }
}

function cellsOf(row: Row): LogCell[] {
  return (row.Data ?? []).map((datum) => datum.VarCharValue ?? null);
}

function sameCells(row: readonly LogCell[], columns: readonly string[]): boolean {
  return row.length === columns.length && row.every((cell, index) => cell === columns[index]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
