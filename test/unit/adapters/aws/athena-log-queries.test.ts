import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  InvalidRequestException,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaLogQueries } from '../../../../adapters/aws/athena-log-queries';
import { AwsCallError } from '../../../../adapters/aws/aws-errors';

const client = new AthenaClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const athena = mockClient(client);
const queries = new AthenaLogQueries(client);

const query = {
  sql: 'SELECT time, message FROM rails_logs WHERE dt BETWEEN ? AND ? AND path LIKE ?',
  parameters: ["'2026-11-21 11:00:00'", "'2026-11-21 12:00:00'", "'it''s%'"],
  workgroup: 'infrabot',
  database: 'logs',
  clientRequestToken: 'infrabot-logs-0123456789abcdef0123456789abcdef01234567',
};

function row(...cells: (string | undefined)[]) {
  return { Data: cells.map((VarCharValue) => (VarCharValue === undefined ? {} : { VarCharValue })) };
}

const metadata = {
  ColumnInfo: [
    { Name: 'time', Type: 'varchar' },
    { Name: 'message', Type: 'varchar' },
  ],
};

describe('AthenaLogQueries', () => {
  beforeEach(() => {
    athena.reset();
  });

  it('starts a query with execution parameters, workgroup, database and request token', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });

    const started = await queries.start(query);

    expect(started).toEqual({ ok: true, id: 'q-1' });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: query.sql,
      QueryExecutionContext: { Database: 'logs' },
      WorkGroup: 'infrabot',
      ExecutionParameters: ["'2026-11-21 11:00:00'", "'2026-11-21 12:00:00'", "'it''s%'"],
      ClientRequestToken: query.clientRequestToken,
    });
  });

  it('sends no ExecutionParameters for a query without placeholders', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });

    await queries.start({ sql: 'SELECT 1', parameters: [], workgroup: 'infrabot', database: 'logs' });

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT 1',
      QueryExecutionContext: { Database: 'logs' },
      WorkGroup: 'infrabot',
    });
  });

  it('turns a refused or throttled start into an outcome', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(new InvalidRequestException({ message: 'WorkGroup infrabot is disabled.', $metadata: {} }))
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    const refused = await queries.start(query);
    const throttled = await queries.start(query);

    expect(refused).toEqual({
      ok: false,
      reason: 'rejected',
      message: 'Athena refused the query: WorkGroup infrabot is disabled.',
    });
    expect(throttled).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('reads the state with data scanned and engine time', async () => {
    athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-1' }).resolves({
      QueryExecution: {
        QueryExecutionId: 'q-1',
        Status: { State: 'SUCCEEDED' },
        Statistics: { DataScannedInBytes: 1_048_576, EngineExecutionTimeInMillis: 1_234 },
      },
    });

    expect(await queries.status('q-1')).toEqual({ state: 'succeeded', dataScannedBytes: 1_048_576, engineMs: 1_234 });
    expect(athena.commandCalls(GetQueryExecutionCommand)[0]?.args[0].input).toEqual({ QueryExecutionId: 'q-1' });
  });

  it("reads Athena's reason for a failed or cancelled query", async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({
        QueryExecution: {
          Status: {
            State: 'FAILED',
            StateChangeReason: 'TABLE_NOT_FOUND: line 1:30: Table rails_logs does not exist',
            AthenaError: {
              ErrorCategory: 2,
              ErrorMessage: 'TABLE_NOT_FOUND: line 1:30: Table rails_logs does not exist',
            },
          },
        },
      })
      .resolvesOnce({
        QueryExecution: { Status: { State: 'CANCELLED', StateChangeReason: 'Bytes scanned limit was exceeded' } },
      });

    expect(await queries.status('q-1')).toEqual({
      state: 'failed',
      reason: 'TABLE_NOT_FOUND: line 1:30: Table rails_logs does not exist',
    });
    expect(await queries.status('q-1')).toEqual({ state: 'cancelled', reason: 'Bytes scanned limit was exceeded' });
  });

  it('drops the header row of the first page and passes the next token', async () => {
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', MaxResults: 1000 })
      .resolves({
        ResultSet: { ResultSetMetadata: metadata, Rows: [row('time', 'message'), row('2026-11-21 11:00', 'boom')] },
        NextToken: 'page-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'page-2' })
      .resolves({ ResultSet: { ResultSetMetadata: metadata, Rows: [row('time', undefined)] } });

    const first = await queries.results('q-1');
    const second = await queries.results('q-1', 'page-2');

    expect(first).toEqual({ columns: ['time', 'message'], rows: [['2026-11-21 11:00', 'boom']], nextToken: 'page-2' });
    expect(second).toEqual({ columns: ['time', 'message'], rows: [['time', null]] });
    expect(athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input)).toEqual([
      { QueryExecutionId: 'q-1', MaxResults: 1000 },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'page-2' },
    ]);
  });

  it('stops a query with the exact request', async () => {
    athena.on(StopQueryExecutionCommand).resolves({});

    await queries.stop('q-1');

    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({ QueryExecutionId: 'q-1' });
  });

  it('wraps unexpected failures in a typed error', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .rejects(Object.assign(new Error('no access'), { name: 'AccessDeniedException' }));

    await expect(queries.status('q-9')).rejects.toMatchObject({
      name: 'AwsCallError',
      code: 'aws_AccessDeniedException',
      message: 'reading athena query q-9: no access',
    });
    await expect(queries.status('q-9')).rejects.toBeInstanceOf(AwsCallError);
  });
});
