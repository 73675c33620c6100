import { createRequire } from 'node:module';
import type { Node, Parser as TreeSitterParser } from 'web-tree-sitter';
import type { ModuleCall } from './module-calls';

let parser: Promise<TreeSitterParser> | undefined;

/**
 * The tree-sitter Terraform grammar, loaded on first use. Its WebAssembly is small and C, not Go: it starts in
 * about 20 ms and parses several times faster than `@cdktf/hcl2json`, which matters when a change makes
 * `affected` read a thousand stacks.
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
 * `source = "…"` in a block's body. A template with interpolations is kept as written, as the reference
 * parser does (Terraform refuses it, and the graph then reports a directory that does not exist); a heredoc
 * or any other expression is no source.
 */
function sourceOf(body: Node | undefined): string | undefined {
  for (const attribute of body?.namedChildren ?? []) {
    if (attribute?.type !== 'attribute' || attribute.namedChildren[0]?.text !== 'source') continue;
    const value = attribute.namedChildren[1]?.namedChildren[0]?.namedChildren[0];
    return value?.type === 'string_lit' || value?.type === 'quoted_template' ? quotedText(value) : undefined;
  }
  return undefined;
}

function moduleCallsIn(root: Node): ModuleCall[] {
  const calls: ModuleCall[] = [];
  const body = root.namedChildren.find((child) => child?.type === 'body');
  for (const block of body?.namedChildren ?? []) {
    if (block?.type !== 'block') continue;
    const [kind, label] = block.namedChildren;
    if (kind?.text !== 'module') continue;
    const name = labelOf(label);
    const source = sourceOf(block.namedChildren.find((child) => child?.type === 'body') ?? undefined);
    if (name !== undefined && source !== undefined) calls.push({ name, source });
  }
  return calls;
}

/**
 * The module calls of a Terraform file in HCL syntax, read with tree-sitter; `undefined` when tree-sitter finds
 * any syntax error, so that the caller can ask the reference parser (which either reads a construct this
 * grammar does not know or says precisely what is wrong).
 */
export async function treeSitterModuleCalls(text: string): Promise<ModuleCall[] | undefined> {
  const tree = (await loadParser()).parse(text);
  if (!tree) return undefined;
  try {
    return tree.rootNode.hasError ? undefined : moduleCallsIn(tree.rootNode);
  } finally {
    tree.delete();
  }
}
