import { createRequire } from 'node:module';
import type { Node, Parser as TreeSitterParser } from 'web-tree-sitter';

export type { Node } from 'web-tree-sitter';

let parser: Promise<TreeSitterParser> | undefined;

/**
 * The tree-sitter Terraform grammar, loaded on first use. Its WebAssembly is small and C, not Go: it starts in
 * about 20 ms, parses several times faster than `@cdktf/hcl2json`, which matters when a change makes `affected`
 * read a thousand stacks, and adds a fifth of the memory. That matters to every build: each program the bot
 * starts copies the bot's page tables, so a bot grown by hcl2json's 50 MB waits twice as long for each `git`.
 */
function loadParser(): Promise<TreeSitterParser> {
  parser ??= (async () => {
    const { Language, Parser } = await import('web-tree-sitter');
    await Parser.init();
    const grammar = createRequire(import.meta.url).resolve(
      '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
    );
    const created = new Parser();
    created.setLanguage(await Language.load(grammar));
    return created;
  })();
  return parser;
}

/** Starts loading the grammar in the background; failures surface on the first parse. */
export function startTreeSitter(): void {
  loadParser().catch(() => undefined);
}

/**
 * What `read` finds in a Terraform file in HCL syntax, parsed with tree-sitter; `undefined` when tree-sitter finds
 * any syntax error, so that the caller can ask the reference parser (which either reads a construct this grammar
 * does not know or says precisely what is wrong).
 */
export async function readHcl<T>(text: string, read: (blocks: Node[]) => T): Promise<T | undefined> {
  const tree = (await loadParser()).parse(text);
  if (!tree) return undefined;
  try {
    return tree.rootNode.hasError ? undefined : read(blocksIn(tree.rootNode));
  } finally {
    tree.delete();
  }
}

/** The blocks directly in a file's (or a block's) body, in order. */
export function blocksIn(node: Node | undefined): Node[] {
  const body = node?.type === 'body' ? node : node?.namedChildren.find((child) => child?.type === 'body');
  return (body?.namedChildren ?? []).filter((child): child is Node => child?.type === 'block');
}

/** A block's type (`module`, `terraform`, `backend`) and its labels. */
export function blockHeader(block: Node): { type: string; labels: string[] } {
  const [type, ...rest] = block.namedChildren;
  const labels = rest.map((label) => labelOf(label)).filter((label): label is string => label !== undefined);
  return { type: type?.text ?? '', labels };
}

const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * A quoted string's text as the JSON form of HCL has it (and so `@cdktf/hcl2json`): backslash escapes decoded,
 * template sequences (`${…}`, `$${`) kept as written.
 */
function quotedText(node: Node): string {
  return node.text.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (whole, code: string) => {
    if (code.length > 1) return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
    return escapes[code] ?? whole;
  });
}

/** A block label: a quoted string or a bare identifier. */
function labelOf(node: Node | null | undefined): string | undefined {
  if (node?.type === 'identifier') return node.text;
  return node?.type === 'string_lit' ? quotedText(node) : undefined;
}

/**
 * `name = "…"` in a block's body. A template with interpolations is kept as written, as the reference parser
 * does; a heredoc or any other expression is no string.
 */
export function stringAttribute(block: Node, name: string): string | undefined {
  const body = block.namedChildren.find((child) => child?.type === 'body');
  for (const attribute of body?.namedChildren ?? []) {
    if (attribute?.type !== 'attribute' || attribute.namedChildren[0]?.text !== name) continue;
    const value = attribute.namedChildren[1]?.namedChildren[0]?.namedChildren[0];
    return value?.type === 'string_lit' || value?.type === 'quoted_template' ? quotedText(value) : undefined;
  }
  return undefined;
}
