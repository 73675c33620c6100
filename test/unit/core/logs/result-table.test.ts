import { describe, expect, it } from 'vitest';
import { formatBytes, renderTable } from '../../../../core/logs/result-table';

describe('renderTable', () => {
  it('aligns columns in a code block', () => {
    const table = renderTable(
      ['level', 'message'],
      [
        ['ERROR', 'boom'],
        ['WARN', null],
      ],
    );

    expect(table).toEqual({
      text: '```\nlevel | message\n---------------\nERROR | boom\nWARN  | ∅\n```',
      shownRows: 2,
    });
  });

  it('cuts long cells and flattens line breaks and backticks', () => {
    const table = renderTable(['m'], [[`a\nb\`c${'x'.repeat(50)}`]], {
      maxRows: 5,
      maxCellWidth: 10,
      maxLineWidth: 100,
      maxChars: 1000,
    });

    expect(table.text).toContain("a b'cxxxx…");
    expect(table.text.split('```')).toHaveLength(3);
  });

  it('escapes every cell for mrkdwn, so a log line cannot mention the channel or disguise a link', () => {
    const table = renderTable(['<b>'], [['<!channel>'], ['<http://evil.example|docs>'], ['a & b']]);

    expect(table.text).toContain('&lt;!channel&gt;');
    expect(table.text).toContain('&lt;http://evil.example|docs&gt;');
    expect(table.text).toContain('a &amp; b');
    expect(table.text).toContain('&lt;b&gt;');
    expect(table.text).not.toMatch(/<|>/);
  });

  it('shows only as many rows as fit the limits', () => {
    const rows = Array.from({ length: 100 }, (_, index) => [`row ${index}`, 'x'.repeat(30)]);

    const byRows = renderTable(['a', 'b'], rows, { maxRows: 5, maxCellWidth: 40, maxLineWidth: 200, maxChars: 10_000 });
    const byChars = renderTable(['a', 'b'], rows, { maxRows: 100, maxCellWidth: 40, maxLineWidth: 200, maxChars: 500 });

    expect(byRows.shownRows).toBe(5);
    expect(byChars.shownRows).toBeLessThan(15);
    expect(byChars.text.length).toBeLessThanOrEqual(500);
  });
});

describe('renderTable with many columns', () => {
  it('cuts lines wider than the limit so the header never fills the block', () => {
    const columns = Array.from({ length: 30 }, (_, index) => `column_${index}`);

    const table = renderTable(columns, [columns.map(() => 'x'.repeat(40))]);

    const lines = table.text.split('\n').slice(1, -1);
    expect(lines.every((line) => line.length <= 240)).toBe(true);
    expect(lines[0]?.endsWith('…')).toBe(true);
    expect(table.shownRows).toBe(1);
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KB'],
    [10 * 1024 ** 3, '10.0 GB'],
    [250 * 1024 ** 2, '250 MB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
