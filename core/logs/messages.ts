import type { LogParam, LogPresetConfig, LogsConfig } from '../config/schema';
import type { ChatMessage } from '../ports';
import { escapeMrkdwn, section } from '../render/slack/block-kit';
import { code } from '../selfservice/mrkdwn';
import { formatDuration } from '../time/duration';
import type { LogCell } from './log-query';
import { formatBytes, renderTable } from './result-table';

/** How to use `/logs`, shown with every usage error. */
export const logsUsage = [
  '`/logs`: list the presets and their parameters',
  '`/logs <preset> [name=value …] [--since 1h | --from <time> [--to <time>]]`: run a preset; the default range is the last hour',
  'Times are UTC unless they carry an offset: `2026-01-31`, `2026-01-31T10:00`, `2026-01-31T10:00+01:00`, or a duration ago such as `3h`.',
].join('\n');

/** An error the user made, with the usage below it. */
export function logsUsageError(message: string): ChatMessage {
  return {
    text: `${message}\n${logsUsage}`,
    blocks: [section(`:warning: ${escapeMrkdwn(message)}`), section(logsUsage)],
  };
}

/** `/logs` alone: every preset with its description, parameters and longest range. */
export function renderPresetList(logs: LogsConfig | undefined): ChatMessage {
  if (!logs || logs.presets.length === 0) {
    const text = 'No log presets are configured (logs.presets in infrabot.yaml).';
    return { text, blocks: [section(text)] };
  }
  const lines = logs.presets.map((preset) => {
    const params = preset.params.filter((param) => typeof param !== 'string').map(describeParam);
    const takes = params.length > 0 ? ` Parameters: ${params.join(', ')}.` : '';
    const description = preset.description ? ` ${escapeMrkdwn(preset.description)}.` : '';
    return `• *${preset.name}*:${description}${takes} Range up to ${formatDuration(preset.maxRange)}.`;
  });
  const text = `Log presets:\n${lines.join('\n')}\n\n${logsUsage}`;
  return { text, blocks: [section(`Log presets:\n${lines.join('\n')}`), section(logsUsage)] };
}

function describeParam(param: Exclude<LogParam, 'from' | 'to'>): string {
  const fallback = param.default === undefined ? 'required' : `default ${code(String(param.default))}`;
  const about = param.description ? `, ${escapeMrkdwn(param.description)}` : '';
  return `${code(`${param.name}=<${param.type}>`)} (${fallback}${about})`;
}

/** Where a preset run stands, for the message that is posted and then updated. */
export type LogRunState =
  | { state: 'running' }
  | {
      state: 'succeeded';
      rows: number;
      truncatedAt?: number;
      dataScannedBytes?: number;
      elapsedMs: number;
    }
  | { state: 'failed' | 'cancelled'; reason: string }
  | { state: 'timed_out'; elapsedMs: number };

export interface LogRunReport {
  userId: string;
  preset: LogPresetConfig;
  values: Readonly<Record<string, string>>;
  from: Date;
  to: Date;
}

/** "<@U> ran rails-errors (path=/x) from … to … UTC" with the state. */
export function renderLogRun(report: LogRunReport, state: LogRunState): ChatMessage {
  const values = Object.entries(report.values).map(([name, value]) => code(`${name}=${value}`));
  const range = `${code(isoMinute(report.from))} to ${code(isoMinute(report.to))} UTC`;
  const head = `<@${report.userId}> ran *${report.preset.name}*${values.length > 0 ? ` ${values.join(' ')}` : ''}, ${range}`;
  const status = statusLine(state);
  return { text: `${head}\n${status}`, blocks: [section(head), section(status)] };
}

function statusLine(state: LogRunState): string {
  switch (state.state) {
    case 'running':
      return ':hourglass_flowing_sand: Running…';
    case 'succeeded': {
      const rows = state.rows === 1 ? '1 row' : `${state.rows} rows`;
      const cap = state.truncatedAt !== undefined ? ` (stopped reading at the cap of ${state.truncatedAt})` : '';
      const scanned = state.dataScannedBytes !== undefined ? `, ${formatBytes(state.dataScannedBytes)} scanned` : '';
      return `:white_check_mark: ${rows}${cap}${scanned}, took ${formatDuration(state.elapsedMs)}; results in the thread`;
    }
    case 'failed':
      return `:x: The query failed: ${escapeMrkdwn(state.reason)}`;
    case 'cancelled':
      return `:no_entry_sign: The query was cancelled: ${escapeMrkdwn(state.reason)}`;
    case 'timed_out':
      return `:hourglass: The query did not finish within ${formatDuration(state.elapsedMs)} and was stopped; narrow the range or the parameters`;
  }
}

/** Said in the channel when a preset's results go to the requester's DM instead. */
export function renderResultsElsewhere(preset: string): ChatMessage {
  const text = `The results of *${escapeMrkdwn(preset)}* will be in your direct messages with infrabot, where only you read them.`;
  return { text, blocks: [section(text)] };
}

/** The first rows of the result as a table for the thread, saying how many of how many it shows. */
export function renderResultTable(columns: readonly string[], rows: readonly (readonly LogCell[])[]): ChatMessage {
  if (rows.length === 0) return { text: 'No rows matched.', blocks: [section('No rows matched.')] };
  const table = renderTable(columns, rows);
  const note = `First ${table.shownRows} of ${rows.length} rows; the full result is in the CSV file.`;
  return { text: `${note}\n${table.text}`, blocks: [section(table.text), section(note)] };
}

function isoMinute(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}
