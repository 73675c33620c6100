import type { LogCell } from './log-query';

const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * A CSV file of a query result (RFC 4180: CRLF line ends, a field quoted when it holds a comma, quote, CR or
 * LF, quotes doubled). Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR)
 * get a leading `'`, except plain numbers such as -12.5. NULL cells are empty.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly LogCell[])[]): string {
  const lines = [columns, ...rows].map((row) => row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV field, neutralized against formula injection and quoted when needed. */
export function csvField(cell: LogCell): string {
  if (cell === null) return '';
  const safe = formulaStart.test(cell) && !plainNumber.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
