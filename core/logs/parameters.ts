import type { LogParam, LogPresetConfig, LogValueParam } from '../config/schema';
import * as z from '../zod';
import { numberLiteral, stringLiteral } from './sql-literal';
import { formatTime } from './time-format';

export type ParametersResult =
  | { ok: true; parameters: string[] }
  | { ok: false; reason: 'invalid_parameter'; message: string };

const maxStringLength = 1_000;

/**
 * Validates the user's `name=value` pairs against a preset and returns one SQL literal per `?` in order:
 * the range as `'YYYY-MM-DD HH:MM:SS'` UTC (or the preset's `timeFormat`), strings quoted, numbers bare.
 * Parameters the user leaves out take their default; one without a default is required.
 */
export function buildParameters(
  preset: LogPresetConfig,
  values: Readonly<Record<string, string>>,
  range: { from: Date; to: Date },
): ParametersResult {
  const known = preset.params.filter((param): param is LogValueParam => typeof param !== 'string');
  const unknown = Object.keys(values).find((name) => !known.some((param) => param.name === name));
  if (unknown !== undefined) return invalid(unknownMessage(unknown, preset.name, known));
  const parameters: string[] = [];
  for (const param of preset.params) {
    const literal = literalFor(param, values, range, preset.timeFormat);
    if (!literal.ok) return literal;
    parameters.push(literal.value);
  }
  return { ok: true, parameters };
}

type Literal = { ok: true; value: string } | { ok: false; reason: 'invalid_parameter'; message: string };

function literalFor(
  param: LogParam,
  values: Readonly<Record<string, string>>,
  range: { from: Date; to: Date },
  timeFormat: string | undefined,
): Literal {
  if (param === 'from' || param === 'to')
    return { ok: true, value: stringLiteral(formatTime(range[param], timeFormat)) };
  const text = values[param.name];
  if (text === undefined) {
    if (param.default === undefined) return invalid(`${param.name} is required, as in ${param.name}=${hint(param)}`);
    return { ok: true, value: toLiteral(param, param.default) };
  }
  const parsed = valueSchema(param).safeParse(text);
  if (!parsed.success) return invalid(`${param.name}=${text}: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  return { ok: true, value: toLiteral(param, parsed.data) };
}

/** The zod schema a parameter's text must pass, by its type and pattern. */
export function valueSchema(param: LogValueParam): z.ZodMiniType<string | number> {
  if (param.type === 'integer') {
    return z.pipe(
      z.string().check(z.regex(/^-?\d{1,15}$/, { error: 'expected a whole number such as 42' })),
      z.transform(Number),
    );
  }
  if (param.type === 'number') {
    return z.pipe(
      z.string().check(z.regex(/^-?\d{1,15}(\.\d{1,15})?$/, { error: 'expected a number such as 42 or 0.5' })),
      z.transform(Number),
    );
  }
  let schema = z.string().check(
    z.maxLength(maxStringLength, { error: `expected at most ${maxStringLength} characters` }),
    z.refine((text) => ![...text].some(isControl), { error: 'control characters are not allowed' }),
  );
  if (param.pattern !== undefined) {
    const pattern = new RegExp(param.pattern);
    schema = schema.check(
      z.refine((text) => pattern.test(text), { error: `expected a value matching ${param.pattern}` }),
    );
  }
  return schema;
}

function toLiteral(param: LogValueParam, value: string | number): string {
  return param.type === 'string' ? stringLiteral(String(value)) : numberLiteral(Number(value));
}

function hint(param: LogValueParam): string {
  if (param.type === 'string') return '…';
  return param.type === 'integer' ? '42' : '0.5';
}

function unknownMessage(name: string, preset: string, known: readonly LogValueParam[]): string {
  if (name === 'from' || name === 'to') return `the range is given with --since or --from/--to, not ${name}=`;
  const names = known.map((param) => param.name).join(', ');
  return `${preset} has no parameter "${name}"; ${names ? `it takes ${names}` : 'it takes none'}`;
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

function invalid(message: string): { ok: false; reason: 'invalid_parameter'; message: string } {
  return { ok: false, reason: 'invalid_parameter', message };
}
