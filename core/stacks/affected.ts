/**
 * Affected-stack detection, pure: which stacks a set of changed files touches, given which local modules each
 * Terraform directory calls. Every path is relative to the repository root, with `/` separators.
 */

/** A stack as affected-stack detection needs it (a `StackConfig` fits). */
export interface StackLocation {
  name: string;
  /** The stack's root module directory, normalized (`.` for the repository root). */
  dir: string;
}

/** For each Terraform directory read, the local module directories it calls directly (`module` blocks). */
export type ModuleGraph = ReadonlyMap<string, readonly string[]>;

/**
 * A repository-relative path in canonical form: `/` separators, no `.` segments, `..` resolved, no leading or
 * trailing slash, `.` for the root. `undefined` when it is absolute or climbs out of the repository.
 */
export function normalizeRepoPath(path: string): string | undefined {
  const slashed = path.trim().replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) return undefined;
  const parts: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.length === 0 ? '.' : parts.join('/');
}

/** How a module `source` resolves: a local directory, a path that climbs out of the repository, or not local. */
export type ModuleSourceResolution = { kind: 'local'; dir: string } | { kind: 'outside_repo' } | { kind: 'remote' };

/**
 * Resolves a module block's `source` as Terraform does: only `./…` and `../…` (or with `\`) are local paths,
 * relative to the calling directory; registry addresses, git URLs, archives and the like are remote and never affect anything.
 */
export function resolveModuleSource(callerDir: string, source: string): ModuleSourceResolution {
  if (!/^\.\.?[/\\]/.test(source)) return { kind: 'remote' };
  const dir = normalizeRepoPath(callerDir === '.' ? source : `${callerDir}/${source}`);
  return dir === undefined ? { kind: 'outside_repo' } : { kind: 'local', dir };
}

/**
 * Every directory that contains one of the paths (at any depth), plus the paths themselves: a directory is
 * touched by a change exactly when it is in this set. Paths must be normalized (see `normalizeRepoPath`).
 */
export function touchedDirs(changedPaths: Iterable<string>): Set<string> {
  const touched = new Set<string>();
  for (const path of changedPaths) {
    if (touched.has(path)) continue;
    touched.add(path);
    let end = path.lastIndexOf('/');
    while (end > 0) {
      const dir = path.slice(0, end);
      if (touched.has(dir)) break;
      touched.add(dir);
      end = path.lastIndexOf('/', end - 1);
    }
    touched.add('.');
  }
  return touched;
}

/**
 * The directories of `graph` that call, directly or through other modules, a directory in `touched`
 * (see `touchedDirs`). Cycles are fine.
 */
export function dirsReachingTouched(graph: ModuleGraph, touched: ReadonlySet<string>): Set<string> {
  const callers = new Map<string, string[]>();
  const reached = new Set<string>();
  for (const [caller, modules] of graph) {
    for (const module of modules) {
      const list = callers.get(module) ?? [];
      list.push(caller);
      callers.set(module, list);
      if (touched.has(module)) reached.add(module);
    }
  }
  const queue = [...reached];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const caller of callers.get(next) ?? []) {
      if (reached.has(caller)) continue;
      reached.add(caller);
      queue.push(caller);
    }
  }
  return reached;
}

/**
 * The stacks a change affects, in the order given: those with a changed path inside their `dir`, and those
 * whose directory calls a local module with a changed path inside it, directly or through other local modules.
 * Module cycles are fine. Changed paths must be normalized; paths outside every stack and module affect nothing.
 */
export function affectedStacks<T extends StackLocation>(
  stacks: readonly T[],
  graph: ModuleGraph,
  changedPaths: Iterable<string>,
): T[] {
  const touched = touchedDirs(changedPaths);
  if (touched.size === 0) return [];
  const reaching = dirsReachingTouched(graph, touched);
  return stacks.filter((stack) => touched.has(stack.dir) || reaching.has(stack.dir));
}
