import { describe, expect, it } from 'vitest';
import { countPlaceholders } from '../../../../core/logs/placeholders';

describe('countPlaceholders', () => {
  it('counts the ? of a query', () => {
    expect(countPlaceholders('SELECT * FROM t WHERE dt BETWEEN ? AND ? AND path LIKE ?')).toBe(3);
  });

  it('skips ? inside strings, quoted identifiers and comments', () => {
    const sql = `SELECT "what?" FROM t -- any ?
      WHERE message = 'why?' /* or ? */ AND a = ? AND b = 'it''s ?'`;

    expect(countPlaceholders(sql)).toBe(1);
  });

  it('counts none in a query without parameters', () => {
    expect(countPlaceholders('SELECT 1')).toBe(0);
  });
});
