import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';

/** A 1-based line and column in the YAML text. */
export interface TextPosition {
  line: number;
  column: number;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function pairAt(node: unknown, key: string): Pair | undefined {
  return isMap(node) ? node.items.find((pair) => keyText(pair) === key) : undefined;
}

function childAt(doc: Document, node: unknown, segment: PropertyKey): { node: unknown; key?: unknown } | undefined {
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { node: resolve(doc, item) };
  }
  const pair = pairAt(node, String(segment));
  return pair && { node: resolve(doc, pair.value), key: pair.key };
}

function startOf(node: unknown): number | undefined {
  return (node as Partial<Node> | null)?.range?.[0];
}

/**
 * Where the entry at `path` is written (its key, or the list item); for a missing key, where its parent is.
 * With `key`, where that key of the mapping at `path` is written (for unknown keys).
 * `undefined` when nothing can be located.
 */
export function positionOf(
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): TextPosition | undefined {
  let node: unknown = resolve(doc, doc.contents);
  let offset = startOf(node);
  for (const segment of key === undefined ? path : [...path, key]) {
    const child = childAt(doc, node, segment);
    if (!child) break;
    node = child.node;
    offset = startOf(child.key) ?? startOf(child.node) ?? offset;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
