import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../../core/logs/csv';

describe('toCsv', () => {
  it('writes a header and rows with CRLF line ends', () => {
    expect(
      toCsv(
        ['time', 'path'],
        [
          ['2026-11-21 10:00', '/a'],
          [null, '/b'],
        ],
      ),
    ).toBe('time,path\r\n2026-11-21 10:00,/a\r\n,/b\r\n');
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
  ])('quotes %j as RFC 4180 asks', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+cmd', "'+1+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
  ])('neutralizes the formula %j', (cell, field) => {
    expect(csvField(cell)).toBe(field);
  });

  it('leaves plain numbers alone, negative ones included', () => {
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('+3')).toBe('+3');
  });

  it('writes NULL as an empty field', () => {
    expect(csvField(null)).toBe('');
  });
});
