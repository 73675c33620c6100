import type { ModuleCall } from './module-calls';
import { blockHeader, type Node, readHcl, stringAttribute } from './tree-sitter-hcl';

function moduleCallsIn(blocks: Node[]): ModuleCall[] {
  const calls: ModuleCall[] = [];
  for (const block of blocks) {
    const { type, labels } = blockHeader(block);
    if (type !== 'module') continue;
    const name = labels[0];
    const source = stringAttribute(block, 'source');
    if (name !== undefined && source !== undefined) calls.push({ name, source });
  }
  return calls;
}

/**
 * The module calls of a Terraform file in HCL syntax, read with tree-sitter; `undefined` when tree-sitter finds
 * any syntax error (see `readHcl`). A `source` that is a template with interpolations is kept as written, as the
 * reference parser does (Terraform refuses it, and the graph then reports a directory that does not exist).
 */
export function treeSitterModuleCalls(text: string): Promise<ModuleCall[] | undefined> {
  return readHcl(text, moduleCallsIn);
}
