import type { LogCell, LogQuery, LogQueryStart, LogQueryStatus, LogResultPage } from '../../core/logs/log-query';
import type { LogQueries } from '../../core/ports';

/**
 * Athena in memory: a started query reports `running` for `runningReads` status reads, then `final`;
 * its result is `rows` served in pages of `pageSize`.
 */
export class FakeLogQueries implements LogQueries {
  readonly started: LogQuery[] = [];
  readonly stopped: string[] = [];
  readonly pageRequests: Array<string | undefined> = [];
  runningReads = 1;
  final: LogQueryStatus = { state: 'succeeded', dataScannedBytes: 1_572_864, engineMs: 2_500 };
  columns: readonly string[] = ['time', 'path', 'message'];
  rows: readonly (readonly LogCell[])[] = [];
  pageSize = 1_000;
  startRefusal?: LogQueryStart;
  private reads = 0;

  async start(query: LogQuery): Promise<LogQueryStart> {
    if (this.startRefusal) return this.startRefusal;
    this.started.push(query);
    return { ok: true, id: `q-${this.started.length}` };
  }

  async status(_queryId: string): Promise<LogQueryStatus> {
    this.reads += 1;
    return this.reads <= this.runningReads ? { state: 'running' } : this.final;
  }

  async results(_queryId: string, pageToken?: string): Promise<LogResultPage> {
    this.pageRequests.push(pageToken);
    const offset = pageToken === undefined ? 0 : Number(pageToken);
    const next = offset + this.pageSize;
    return {
      columns: this.columns,
      rows: this.rows.slice(offset, next),
      ...(next < this.rows.length ? { nextToken: String(next) } : {}),
    };
  }

  async stop(queryId: string): Promise<void> {
    this.stopped.push(queryId);
  }
}
