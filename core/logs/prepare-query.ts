import type { LogPresetConfig, LogsConfig } from '../config/schema';
import { parseLogsArguments } from './arguments';
import type { LogQuery } from './log-query';
import { buildParameters } from './parameters';
import { resolveTimeRange } from './time-range';

/** Why `/logs <preset> …` is refused before anything runs. */
export type LogsRefusal =
  | 'not_configured'
  | 'unknown_preset'
  | 'invalid_arguments'
  | 'invalid_range'
  | 'invalid_parameter';

/** A preset run that passed every check, ready for Athena. */
export interface PreparedLogQuery {
  preset: LogPresetConfig;
  query: LogQuery;
  /** The `name=value` pairs the user gave (defaults not included), for the report. */
  values: Readonly<Record<string, string>>;
  from: Date;
  to: Date;
}

export type PrepareResult = ({ ok: true } & PreparedLogQuery) | { ok: false; reason: LogsRefusal; message: string };

/** A preset by name, or undefined. */
export function findPreset(logs: LogsConfig, name: string): LogPresetConfig | undefined {
  return logs.presets.find((preset) => preset.name === name.toLowerCase());
}

/**
 * Checks `/logs <preset> [name=value …] [--since …|--from … --to …]` against the configuration: the preset
 * exists, the words parse, the range is valid and within the preset's `maxRange`, and every parameter has the
 * right type and pattern. The SQL is the preset's; user values only travel as `ExecutionParameters`.
 */
export function prepareLogQuery(
  logs: LogsConfig | undefined,
  presetName: string,
  words: readonly string[],
  now: Date,
): PrepareResult {
  if (!logs)
    return { ok: false, reason: 'not_configured', message: 'log presets are not configured (logs in infrabot.yaml)' };
  const preset = findPreset(logs, presetName);
  if (!preset) {
    const names = logs.presets.map((candidate) => candidate.name).join(', ') || '(none configured)';
    return {
      ok: false,
      reason: 'unknown_preset',
      message: `there is no preset "${presetName}"; the presets are: ${names}`,
    };
  }
  const args = parseLogsArguments(words);
  if (!args.ok) return args;
  const range = resolveTimeRange(args.range, now, preset.maxRange);
  if (!range.ok) return range;
  const parameters = buildParameters(preset, args.values, range);
  if (!parameters.ok) return parameters;
  const query: LogQuery = {
    sql: preset.sql,
    parameters: parameters.parameters,
    workgroup: preset.workgroup ?? logs.workgroup,
    database: preset.database ?? logs.database,
  };
  return { ok: true, preset, query, values: args.values, from: range.from, to: range.to };
}
