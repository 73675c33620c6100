import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModuleGraphReader } from '../../core/ports';
import { resolveModuleSource } from '../../core/stacks/affected';
import type { ModuleGraphProblem, ModuleGraphReport } from '../../core/stacks/module-graph';
import { crawl } from './crawl';
import { parseTerraformFile, TerraformParseError } from './hcl-parser';
import { type ModuleCall, moduleCallsOf } from './module-calls';

/** Terraform and OpenTofu files, in HCL or JSON syntax; nothing else can hold a `module` block. */
const terraformFile = /\.(tf|tofu)(\.json)?$/;
/** A cheap first look: a file without this word has no module block (the parser decides for the others). */
const moduleWord = /\bmodule\b/;
const maxCachedFiles = 20_000;

export interface HclModuleGraphOptions {
  /** Directories read at once (default 32). */
  concurrency?: number;
}

interface FileRead {
  calls: (ModuleCall & { file: string })[];
  problem?: ModuleGraphProblem;
}

interface DirRead {
  missing: boolean;
  calls: (ModuleCall & { file: string })[];
  problems: ModuleGraphProblem[];
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

function problemKey(problem: ModuleGraphProblem): string {
  const where = 'dir' in problem ? problem.dir : 'file' in problem ? problem.file : problem.path;
  return `${where}\u0000${problem.kind}`;
}

/**
 * Reads the module graph from a checkout of the Terraform repository on disk, parsing `.tf`/`.tofu` files
 * with `@cdktf/hcl2json` and `.tf.json`/`.tofu.json` files as JSON. Each directory is read once per call; parse
 * results are cached by file content for the reader's lifetime, so a long-lived reader can serve many commits.
 */
export class HclModuleGraphReader implements ModuleGraphReader {
  private readonly concurrency: number;
  private readonly callsByContent = new Map<string, ModuleCall[]>();

  constructor(
    private readonly repoDir: string,
    options: HclModuleGraphOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 32);
  }

  async readModuleGraph(dirs: readonly string[]): Promise<ModuleGraphReport> {
    const graph = new Map<string, string[]>();
    const problems: ModuleGraphProblem[] = [];
    const calledFrom = new Map<string, string>();
    const visit = async (dir: string): Promise<string[]> => {
      const read = await this.readDir(dir);
      if (read.missing) {
        const caller = calledFrom.get(dir);
        problems.push(caller ? { kind: 'missing_dir', dir, calledFrom: caller } : { kind: 'missing_dir', dir });
        return [];
      }
      problems.push(...read.problems);
      const modules = new Set<string>();
      for (const call of read.calls) {
        const resolved = resolveModuleSource(dir, call.source);
        if (resolved.kind === 'outside_repo') {
          problems.push({ kind: 'module_outside_repo', file: call.file, source: call.source });
        } else if (resolved.kind === 'local') {
          modules.add(resolved.dir);
          if (!calledFrom.has(resolved.dir)) calledFrom.set(resolved.dir, call.file);
        }
      }
      graph.set(dir, [...modules]);
      return [...modules];
    };
    await crawl(dirs, visit, this.concurrency);
    problems.sort((a, b) => problemKey(a).localeCompare(problemKey(b)));
    return { graph, problems };
  }

  async missingDirs(dirs: readonly string[]): Promise<string[]> {
    const missing: string[] = [];
    const check = async (dir: string): Promise<string[]> => {
      const found = await stat(this.absolute(dir)).then(
        (stats) => stats.isDirectory(),
        () => false,
      );
      if (!found) missing.push(dir);
      return [];
    };
    await crawl(dirs, check, this.concurrency);
    return missing.sort();
  }

  private absolute(path: string): string {
    return path === '.' ? this.repoDir : join(this.repoDir, path);
  }

  private async readDir(dir: string): Promise<DirRead> {
    let names: string[];
    try {
      const entries = await readdir(this.absolute(dir), { withFileTypes: true });
      names = entries
        .filter((entry) => !entry.isDirectory() && terraformFile.test(entry.name))
        .map((entry) => entry.name);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return { missing: true, calls: [], problems: [] };
      const message = code === 'ENOTDIR' ? 'not a directory' : code;
      return { missing: false, calls: [], problems: [{ kind: 'unreadable', path: dir, message }] };
    }
    const reads = await Promise.all(names.sort().map((name) => this.readFile(dir === '.' ? name : `${dir}/${name}`)));
    return {
      missing: false,
      calls: reads.flatMap((read) => read.calls),
      problems: reads.flatMap((read) => (read.problem ? [read.problem] : [])),
    };
  }

  private async readFile(file: string): Promise<FileRead> {
    let text: string;
    try {
      text = await readFile(this.absolute(file), 'utf8');
    } catch (error) {
      return { calls: [], problem: { kind: 'unreadable', path: file, message: errorCode(error) } };
    }
    const json = file.endsWith('.json');
    if (!json && !moduleWord.test(text)) return { calls: [] };
    const key = `${json ? 'json' : 'hcl'}\u0000${text}`;
    const cached = this.callsByContent.get(key);
    if (cached) return { calls: cached.map((call) => ({ ...call, file })) };
    try {
      const calls = moduleCallsOf(await parseTerraformFile(file, text));
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
}
