/**
 * Fitting a message into a character budget. A message is fixed text plus parts; each part is a list of lines
 * of which it keeps a prefix, with a frame (heading, "…and N more" note) around them. When the whole does not
 * fit, parts are cut in rank order (lowest `cutRank` first) until it does, so the parts that matter most
 * (deletions, replacements) are the last to lose lines.
 */

/** The text around a part's kept lines; it may depend on how many lines were left out. */
export interface PartFrame {
  head: string;
  tail: string;
}

/** One cuttable part of a message. */
export interface FitPart {
  /** Parts with lower ranks are cut first. */
  cutRank: number;
  /** The part's lines in display order; a prefix of them is kept. Each is rendered followed by a newline. */
  lines: readonly string[];
  /** The text before and after the kept lines, given how many were kept and how many left out. */
  frame(kept: number, left: number): PartFrame;
  /** The most characters this part may take even when the whole message fits. */
  maxSize?: number;
  /**
   * How many lines the part has in all, when only the first `lines` were made (those that can fit in any
   * budget at all); defaults to `lines.length`.
   */
  total?: number;
}

/** How many lines a part has in all, made or not. */
export function totalLines(part: FitPart): number {
  return part.total ?? part.lines.length;
}

/** Counts the lines of a text without splitting it. */
export function countLines(text: string): number {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** The first lines of a text, as far as `maxChars` reaches, without splitting all of a huge text. */
export function firstLines(text: string, maxChars: number): string[] {
  const head = text.length > maxChars ? text.slice(0, maxChars + 1) : text;
  const lines = head.split(/\r?\n/);
  if (head.length < text.length) lines.pop();
  return lines;
}

/**
 * Makes the lines for `items` only as far as `maxChars` reaches (no part can keep more than fits a whole
 * message), so a list of 50,000 changes costs what a list of a few hundred does.
 */
export function linesWithin<T>(items: readonly T[], line: (item: T) => string, maxChars: number): string[] {
  const lines: string[] = [];
  let size = 0;
  for (const item of items) {
    if (size > maxChars) break;
    const text = line(item);
    lines.push(text);
    size += text.length + 1;
  }
  return lines;
}

/** The prefix sums of line sizes (each line plus its newline). */
function prefixSizes(lines: readonly string[]): number[] {
  const sums = [0];
  let total = 0;
  for (const line of lines) {
    total += line.length + 1;
    sums.push(total);
  }
  return sums;
}

interface Measured {
  part: FitPart;
  sums: number[];
}

function sizeOf({ part, sums }: Measured, kept: number): number {
  const frame = part.frame(kept, totalLines(part) - kept);
  return frame.head.length + frame.tail.length + (sums[kept] ?? 0);
}

/** The most lines a part can keep within a budget, or -1 when not even its frame fits. */
function mostLinesWithin(measured: Measured, budget: number): number {
  let best = -1;
  for (let kept = 0; kept <= measured.part.lines.length; kept += 1) {
    if ((measured.sums[kept] ?? 0) > budget) break;
    if (sizeOf(measured, kept) <= budget) best = kept;
  }
  return best;
}

/** How many lines each part keeps, and whether the result fits the budget at all. */
export interface FitResult {
  kept: number[];
  fits: boolean;
}

/**
 * Decides how many lines each part keeps so that the parts together take at most `budget` characters.
 * @returns per part (same order as given) the number of lines kept.
 */
export function fitParts(parts: readonly FitPart[], budget: number): FitResult {
  const measured = parts.map((part) => ({ part, sums: prefixSizes(part.lines) }));
  const kept = measured.map((entry) => {
    const all = entry.part.lines.length;
    return entry.part.maxSize === undefined ? all : Math.max(0, mostLinesWithin(entry, entry.part.maxSize));
  });
  const sizes = measured.map((entry, index) => sizeOf(entry, kept[index] ?? 0));
  let over = sizes.reduce((sum, size) => sum + size, 0) - budget;
  const byRank = measured
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.part.cutRank - b.entry.part.cutRank);
  for (const { entry, index } of byRank) {
    if (over <= 0) break;
    const size = sizes[index] ?? 0;
    const smallest = sizeOf(entry, 0);
    if (size - over >= smallest) {
      const fitted = mostLinesWithin(entry, size - over);
      kept[index] = fitted;
      over -= size - sizeOf(entry, fitted);
    } else {
      kept[index] = 0;
      over -= size - smallest;
    }
  }
  return { kept, fits: over <= 0 };
}

/** Renders a part with the given number of lines kept. */
export function renderPart(part: FitPart, kept: number): string {
  const frame = part.frame(kept, totalLines(part) - kept);
  let body = '';
  for (let index = 0; index < kept; index += 1) body += `${part.lines[index]}\n`;
  return `${frame.head}${body}${frame.tail}`;
}
