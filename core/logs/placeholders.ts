/**
 * Counts the `?` parameter placeholders of an Athena query, skipping those inside string literals
 * (`'…'`), quoted identifiers (`"…"`), line comments (`-- …`) and block comments.
 */
export function countPlaceholders(sql: string): number {
  let count = 0;
  let index = 0;
  while (index < sql.length) {
    const skipped = skipQuotedOrComment(sql, index);
    if (skipped > index) {
      index = skipped;
      continue;
    }
    if (sql[index] === '?') count += 1;
    index += 1;
  }
  return count;
}

function skipQuotedOrComment(sql: string, index: number): number {
  const char = sql[index];
  if (char === "'" || char === '"') return endOfQuoted(sql, index, char);
  if (sql.startsWith('--', index)) {
    const end = sql.indexOf('\n', index);
    return end === -1 ? sql.length : end + 1;
  }
  if (sql.startsWith('/*', index)) {
    const end = sql.indexOf('*/', index + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return index;
}

function endOfQuoted(sql: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === quote) {
      if (sql[index + 1] === quote) {
        index += 2;
        continue;
      }
      return index + 1;
    }
    index += 1;
  }
  return sql.length;
}
