/**
 * Athena reads every `ExecutionParameters` entry as a SQL expression, so values are passed as literals
 * built here, never spliced into the SQL text.
 */

/** A string as a SQL literal: single-quoted, with every quote inside doubled. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A finite number as a SQL literal. Throws a RangeError for NaN or infinities (a bug: values are validated first). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`expected a finite number, got ${value}`);
  return String(value);
}
