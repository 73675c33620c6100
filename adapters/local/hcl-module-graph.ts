import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModuleGraphReader } from '../../core/ports';
import { resolveModuleSource } from '../../core/stacks/affected';
import type { ModuleGraphProblem, ModuleGraphReport } from '../../core/stacks/module-graph';
import { crawl } from './crawl';
import { type FileCalls, ModuleCallReader } from './module-call-reader';
import { readReachingGraph } from './reaching-graph';
import { terraformFileName } from './repo-walk';

export interface HclModuleGraphOptions {
  /** Directories or files read at once (default 32). */
  concurrency?: number;
}

interface DirRead {
  missing: boolean;
  calls: FileCalls['calls'];
  problems: ModuleGraphProblem[];
}

function problemKey(problem: ModuleGraphProblem): string {
  const where = 'dir' in problem ? problem.dir : 'file' in problem ? problem.file : problem.path;
  return `${where}\u0000${problem.kind}`;
}

/** Problems in path order, so that reading in parallel still reports them the same way every time. */
function compareProblems(a: ModuleGraphProblem, b: ModuleGraphProblem): number {
  const [left, right] = [problemKey(a), problemKey(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Reads the module graph from a checkout of the Terraform repository on disk, parsing `.tf`/`.tofu` files
 * with `@cdktf/hcl2json` and `.tf.json`/`.tofu.json` files as JSON. Parse results are cached by file content
 * for the reader's lifetime, so a long-lived reader can serve many commits.
 */
export class HclModuleGraphReader implements ModuleGraphReader {
  private readonly concurrency: number;
  private readonly files: ModuleCallReader;

  constructor(
    private readonly repoDir: string,
    options: HclModuleGraphOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 32);
    this.files = new ModuleCallReader(repoDir);
  }

  /**
   * Without `touched`: the whole graph reachable from `dirs`, each directory read once. With `touched`: only
   * what deciding which directories reach a touched one needs (see `readReachingGraph`), which parses far fewer
   * files when most stacks do not use the changed modules.
   */
  async readModuleGraph(dirs: readonly string[], touched?: ReadonlySet<string>): Promise<ModuleGraphReport> {
    const report = touched
      ? await readReachingGraph(this.repoDir, dirs, touched, this.files, this.concurrency)
      : await this.readWholeGraph(dirs);
    report.problems.sort(compareProblems);
    return report;
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

  private async readWholeGraph(dirs: readonly string[]): Promise<ModuleGraphReport> {
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
    return { graph, problems };
  }

  private absolute(path: string): string {
    return path === '.' ? this.repoDir : join(this.repoDir, path);
  }

  private async readDir(dir: string): Promise<DirRead> {
    let names: string[];
    try {
      const entries = await readdir(this.absolute(dir), { withFileTypes: true });
      names = entries
        .filter((entry) => !entry.isDirectory() && terraformFileName.test(entry.name))
        .map((entry) => entry.name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      if (code === 'ENOENT') return { missing: true, calls: [], problems: [] };
      const message = code === 'ENOTDIR' ? 'not a directory' : code;
      return { missing: false, calls: [], problems: [{ kind: 'unreadable', path: dir, message }] };
    }
    const files = names.sort().map((name) => (dir === '.' ? name : `${dir}/${name}`));
    const reads = await Promise.all(files.map((file) => this.files.readCalls(file)));
    return {
      missing: false,
      calls: reads.flatMap((read) => read.calls),
      problems: reads.flatMap((read) => (read.problem ? [read.problem] : [])),
    };
  }
}
