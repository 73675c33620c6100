import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleGraphProblem } from '../../core/stacks/module-graph';
import { blockStart } from './hcl-block-start';
import { parseTerraformFile, TerraformParseError } from './hcl-parser';
import { type ModuleCall, moduleCallsOf } from './module-calls';
import { treeSitterModuleCalls } from './tree-sitter-module-calls';

/** See `blockStart`: a file whose lines start no module block is not parsed. */
const moduleBlockStart = blockStart('module');
const maxCachedFiles = 20_000;

/** Whether a file may hold a module block: always for JSON syntax, for HCL when a line starts with `module`. */
export function mayHoldModuleBlock(file: string, text: string): boolean {
  return file.endsWith('.json') || moduleBlockStart.test(text);
}

/** The module calls found in one file, each with the file's repository-relative path, or why there are none. */
export interface FileCalls {
  calls: (ModuleCall & { file: string })[];
  problem?: ModuleGraphProblem;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** Reads Terraform files of a checkout and the module calls in them, caching parse results by file content. */
export class ModuleCallReader {
  private readonly callsByContent = new Map<string, ModuleCall[]>();

  constructor(private readonly repoDir: string) {}

  /**
   * The file's text, or an `unreadable` problem. Reads synchronously: for thousands of small files that is an
   * order of magnitude cheaper than `fs/promises` (one call instead of four thread-pool round trips each);
   * callers reading many files yield to the event loop between batches (see `inBatches`).
   */
  readText(file: string): { text: string } | { problem: ModuleGraphProblem } {
    try {
      return { text: readFileSync(join(this.repoDir, file), 'utf8') };
    } catch (error) {
      return { problem: { kind: 'unreadable', path: file, message: errorCode(error) } };
    }
  }

  /** The module calls in a file's text; parses only files that may hold a module block. */
  async callsOf(file: string, text: string): Promise<FileCalls> {
    if (!mayHoldModuleBlock(file, text)) return { calls: [] };
    const key = `${file.endsWith('.json') ? 'json' : 'hcl'}\u0000${text}`;
    const cached = this.callsByContent.get(key);
    if (cached) return { calls: cached.map((call) => ({ ...call, file })) };
    try {
      const calls = await this.parseCalls(file, text);
      if (!calls)
        return { calls: [], problem: { kind: 'parse_error', file, message: 'unexpected shape of module blocks' } };
      if (this.callsByContent.size >= maxCachedFiles) this.callsByContent.clear();
      this.callsByContent.set(key, calls);
      return { calls: calls.map((call) => ({ ...call, file })) };
    } catch (error) {
      if (!(error instanceof TerraformParseError)) throw error;
      return { calls: [], problem: { kind: 'parse_error', file, message: error.message } };
    }
  }

  /**
   * HCL goes to tree-sitter first; a file it finds an error in, and JSON syntax, go to the reference parser
   * (`parseTerraformFile`), which reads what this grammar may not know and words the errors users see.
   */
  private async parseCalls(file: string, text: string): Promise<ModuleCall[] | undefined> {
    const fast = file.endsWith('.json') ? undefined : await treeSitterModuleCalls(text);
    return fast ?? moduleCallsOf(await parseTerraformFile(file, text));
  }

  /** Reads a file and its module calls. */
  async readCalls(file: string): Promise<FileCalls> {
    const read = this.readText(file);
    return 'problem' in read ? { calls: [], problem: read.problem } : this.callsOf(file, read.text);
  }
}

/** Calls `each` for every item, letting the event loop run between batches of `size`. */
export async function inBatches<T>(items: Iterable<T>, size: number, each: (item: T) => void): Promise<void> {
  let count = 0;
  for (const item of items) {
    each(item);
    if (++count % size === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
