import { escapeMrkdwn } from '../render/slack/escape';
import type { LogCell } from './log-query';

/** Limits of the table shown in Slack (a section block's text holds at most 3,000 characters). */
export interface TableLimits {
  maxRows: number;
  maxCellWidth: number;
  /** Longer lines (many columns) are cut, so that the header alone never fills the block. */
  maxLineWidth: number;
  maxChars: number;
}

export const slackTableLimits: TableLimits = { maxRows: 20, maxCellWidth: 40, maxLineWidth: 240, maxChars: 2_900 };

export interface RenderedTable {
  /** A code block with aligned columns. */
  text: string;
  /** How many rows the table shows (the first ones). */
  shownRows: number;
}

/**
 * The first rows of a result as a monospace table in a code block, cells cut to `maxCellWidth`, with as many
 * rows as fit in `maxChars` and `maxRows`. Backticks and line breaks inside cells are replaced so that the
 * block cannot be broken out of, and every line is escaped for mrkdwn after it is aligned (log lines are written
 * by anyone: `<!channel>` or `<http://evil|a disguised link>` in a cell stays text).
 */
export function renderTable(
  columns: readonly string[],
  rows: readonly (readonly LogCell[])[],
  limits: TableLimits = slackTableLimits,
): RenderedTable {
  const lines = alignedLines(columns, rows.slice(0, limits.maxRows), limits).map(escapeMrkdwn);
  const [header = '', ...body] = lines;
  const kept = [header, '-'.repeat(header.length)];
  let length = kept.join('\n').length + 8;
  let shownRows = 0;
  for (const line of body) {
    if (length + line.length + 1 > limits.maxChars) break;
    kept.push(line);
    length += line.length + 1;
    shownRows += 1;
  }
  return { text: `\`\`\`\n${kept.join('\n')}\n\`\`\``, shownRows };
}

function alignedLines(
  columns: readonly string[],
  rows: readonly (readonly LogCell[])[],
  limits: TableLimits,
): string[] {
  const cells = [columns, ...rows].map((row) =>
    columns.map((_, index) => cellText(row[index] ?? null, limits.maxCellWidth)),
  );
  const widths = columns.map((_, index) => Math.max(...cells.map((row) => (row[index] ?? '').length)));
  return cells.map((row) => {
    const line = row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join(' | ')
      .trimEnd();
    return line.length > limits.maxLineWidth ? `${line.slice(0, limits.maxLineWidth - 1)}…` : line;
  });
}

function cellText(cell: LogCell, maxWidth: number): string {
  if (cell === null) return '∅';
  const flat = cell.replace(/[\r\n\t]+/g, ' ').replaceAll('`', "'");
  return flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
}

/** Bytes in the largest unit that keeps a number of at least 1, e.g. `1.5 GB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
