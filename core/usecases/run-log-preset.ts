import type { Requester } from '../jobs/job';
import { toCsv } from '../logs/csv';
import type { LogCell, LogQueryStatus } from '../logs/log-query';
import { type LogRunReport, renderLogRun, renderResultsElsewhere, renderResultTable } from '../logs/messages';
import { type LogsRefusal, prepareLogQuery } from '../logs/prepare-query';
import { isAmong } from '../policy/principals';
import { pollUntil } from '../selfservice/poll';
import { stableToken } from '../selfservice/stable-token';
import type { LogsDeps } from './logs-deps';

export interface LogsRequest {
  requester: Requester;
  channel: string;
  preset: string;
  /** The words after the preset name: `name=value`, `--since 1h`, `--from … --to …`. */
  words: readonly string[];
  /** The Slack `trigger_id`: the query's ClientRequestToken derives from it. */
  triggerId: string;
}

export type LogsOutcome =
  | { ok: true; queryId: string; state: 'succeeded' | 'failed' | 'cancelled' | 'timed_out'; rows: number }
  | { ok: false; reason: LogsRefusal | 'not_authorized' | 'rejected' | 'throttled'; message: string };

/**
 * `/logs <preset> …`: checks the preset, parameters and range, checks the user may run the preset, records
 * it in the audit log, starts the query in the workgroup, polls it with backoff until it ends or the deadline
 * passes (then stops it), and reports in Slack, in a DM to the requester unless the preset's visibility is
 * `channel`: the message updated with rows, data scanned and time taken, the first rows as a table in the
 * thread and the full result as a CSV file there. Refusals are returned.
 */
export async function runLogPreset(request: LogsRequest, deps: LogsDeps): Promise<LogsOutcome> {
  const prepared = prepareLogQuery(deps.config, request.preset, request.words, deps.clock.now());
  if (!prepared.ok) {
    await audit(request, deps, 'refused', prepared.message);
    return prepared;
  }
  const { preset } = prepared;
  if (!(await isAmong(request.requester.id, preset.allowed, deps.directory))) {
    const message = `you may not run ${preset.name}; it is open to ${preset.allowed.join(', ')}`;
    await audit(request, deps, 'refused', message);
    return { ok: false, reason: 'not_authorized', message };
  }
  const token = stableToken('infrabot-logs', preset.name, request.triggerId);
  const started = await deps.logQueries.start({ ...prepared.query, clientRequestToken: token });
  if (!started.ok) {
    await audit(request, deps, 'failed', started.message);
    return started;
  }
  const values = Object.entries(prepared.values).map(([name, value]) => `${name}=${value}`);
  const range = `${prepared.from.toISOString()} to ${prepared.to.toISOString()}`;
  await audit(request, deps, 'accepted', `query ${started.id}: ${[...values, range].join(' ')}`);
  const report: LogRunReport = { userId: request.requester.id, ...prepared };
  const channel = await resultChannel(request, preset.visibility, deps);
  const posted = await deps.chat.post(channel, renderLogRun(report, { state: 'running' }));
  const outcome = await followQuery(started.id, report, deps, { channel, ts: posted.ts });
  await audit(
    request,
    deps,
    outcome.state === 'succeeded' ? 'succeeded' : 'failed',
    `query ${started.id}: ${outcome.state}`,
  );
  return { ok: true, queryId: started.id, ...outcome };
}

/**
 * Where the run and its results (table and CSV) go: only people allowed to run the preset may read them, so a
 * direct message to the requester unless the preset says `visibility: channel`. The channel is told where.
 */
async function resultChannel(request: LogsRequest, visibility: 'direct' | 'channel', deps: LogsDeps): Promise<string> {
  if (visibility === 'channel') return request.channel;
  const direct = await deps.chat.openDirectMessage(request.requester.id);
  if (direct !== request.channel) {
    await deps.chat.postEphemeral(request.channel, request.requester.id, renderResultsElsewhere(request.preset));
  }
  return direct;
}

interface Thread {
  channel: string;
  ts: string;
}

async function followQuery(queryId: string, report: LogRunReport, deps: LogsDeps, thread: Thread) {
  const begun = deps.clock.now().getTime();
  const polled = await pollUntil(
    () => deps.logQueries.status(queryId),
    isFinished,
    deps.poll,
    deps.clock,
    deps.sleep,
  ).catch(async (error: unknown) => {
    const reason = 'its status could not be read from Athena';
    await deps.chat.update(thread.channel, thread.ts, renderLogRun(report, { state: 'failed', reason }));
    throw error;
  });
  const elapsedMs = deps.clock.now().getTime() - begun;
  if (!polled.done) {
    await deps.logQueries.stop(queryId);
    await deps.chat.update(thread.channel, thread.ts, renderLogRun(report, { state: 'timed_out', elapsedMs }));
    return { state: 'timed_out' as const, rows: 0 };
  }
  const status = polled.value;
  if (status.state === 'failed' || status.state === 'cancelled') {
    const reason = status.reason ?? 'Athena gave no reason';
    await deps.chat.update(thread.channel, thread.ts, renderLogRun(report, { state: status.state, reason }));
    return { state: status.state, rows: 0 };
  }
  const rows = await publishResult(queryId, report, deps, thread, status, elapsedMs);
  return { state: 'succeeded' as const, rows };
}

async function publishResult(
  queryId: string,
  report: LogRunReport,
  deps: LogsDeps,
  thread: Thread,
  status: LogQueryStatus,
  elapsedMs: number,
): Promise<number> {
  const maxRows = deps.config?.maxRows ?? 10_000;
  const result = await readRows(queryId, maxRows, deps);
  await deps.chat.post(thread.channel, renderResultTable(result.columns, result.rows), thread.ts);
  if (result.rows.length > 0) {
    await deps.chat.uploadFile({
      channel: thread.channel,
      threadTs: thread.ts,
      filename: `${report.preset.name}-${report.from.toISOString().slice(0, 16).replace(/:/g, '')}.csv`,
      title: `${report.preset.name}: ${result.rows.length} rows`,
      content: toCsv(result.columns, result.rows),
    });
  }
  const state = {
    state: 'succeeded' as const,
    rows: result.rows.length,
    elapsedMs: status.engineMs ?? elapsedMs,
    ...(result.truncated ? { truncatedAt: maxRows } : {}),
    ...(status.dataScannedBytes !== undefined ? { dataScannedBytes: status.dataScannedBytes } : {}),
  };
  await deps.chat.update(thread.channel, thread.ts, renderLogRun(report, state));
  return result.rows.length;
}

/** Reads every page of the result, up to `maxRows` rows. */
async function readRows(queryId: string, maxRows: number, deps: LogsDeps) {
  let page = await deps.logQueries.results(queryId);
  const columns = page.columns;
  const rows: (readonly LogCell[])[] = [...page.rows];
  while (page.nextToken !== undefined && rows.length < maxRows) {
    page = await deps.logQueries.results(queryId, page.nextToken);
    rows.push(...page.rows);
  }
  const truncated = rows.length > maxRows || (page.nextToken !== undefined && rows.length >= maxRows);
  return { columns, rows: rows.slice(0, maxRows), truncated };
}

function isFinished(status: LogQueryStatus): boolean {
  return status.state === 'succeeded' || status.state === 'failed' || status.state === 'cancelled';
}

async function audit(
  request: LogsRequest,
  deps: LogsDeps,
  outcome: 'accepted' | 'refused' | 'succeeded' | 'failed',
  detail: string,
): Promise<void> {
  await deps.audit.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: request.requester,
    action: 'logs.run',
    target: request.preset,
    outcome,
    detail,
  });
}
