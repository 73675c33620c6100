const lineWidth = 120;

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function render(value: unknown, indent: string, prefixWidth: number): string {
  if (isScalar(value)) return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    // One line when every item is a scalar and it fits, as Biome formats JSON (the trailing comma counts).
    if (value.every(isScalar) && prefixWidth + flat.length + 1 <= lineWidth) return flat;
    const items = value.map((item) => `${inner}${render(item, inner, inner.length)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item]) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${render(item, inner, head.length)}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * JSON with two-space indentation, laid out the way Biome formats JSON (short lists of scalars on one line),
 * so that generated files committed to the repository pass `biome check` unchanged. Ends with a newline.
 */
export function formatJson(value: unknown): string {
  return `${render(value, '', 0)}\n`;
}
