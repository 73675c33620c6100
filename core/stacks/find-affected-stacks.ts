import type { ModuleGraphReader } from '../ports';
import { affectedStacks, normalizeRepoPath, type StackLocation, touchedDirs } from './affected';
import type { ModuleGraphProblem, ModuleGraphReport } from './module-graph';

/** Something worth a warning while finding affected stacks; the answer is still given. */
export type AffectedProblem =
  | { kind: 'missing_stack_dir'; stack: string; dir: string }
  | { kind: 'path_outside_repo'; path: string }
  | ModuleGraphProblem;

/** The affected stacks' names in configuration order, and the problems met on the way. */
export interface AffectedStacksResult {
  stacks: string[];
  problems: AffectedProblem[];
}

function normalizeAll(changedPaths: Iterable<string>, problems: AffectedProblem[]): Set<string> {
  const changed = new Set<string>();
  for (const path of changedPaths) {
    if (path.trim() === '') continue;
    const normalized = normalizeRepoPath(path);
    if (normalized === undefined) problems.push({ kind: 'path_outside_repo', path });
    else changed.add(normalized);
  }
  return changed;
}

function stackDirProblems(stacks: readonly StackLocation[], missing: ReadonlySet<string>): AffectedProblem[] {
  return stacks
    .filter((stack) => missing.has(stack.dir))
    .map((stack) => ({ kind: 'missing_stack_dir', stack: stack.name, dir: stack.dir }));
}

const emptyReport: ModuleGraphReport = { graph: new Map(), problems: [] };

/**
 * The stacks that changed paths affect (see `affectedStacks`). Stacks with a changed file in their own
 * directory need no reading; only the others' module graphs are read, through `reader`. A stack whose directory
 * is gone (deleted by the change) is still matched by path and reported as `missing_stack_dir`.
 */
export async function findAffectedStacks(
  stacks: readonly StackLocation[],
  changedPaths: Iterable<string>,
  reader: ModuleGraphReader,
): Promise<AffectedStacksResult> {
  const problems: AffectedProblem[] = [];
  const changed = normalizeAll(changedPaths, problems);
  if (changed.size === 0) return { stacks: [], problems };
  const touched = touchedDirs(changed);
  const direct = new Set(stacks.filter((stack) => touched.has(stack.dir)).map((stack) => stack.dir));
  const rest = [...new Set(stacks.map((stack) => stack.dir))].filter((dir) => !direct.has(dir));
  const [missingDirect, report] = await Promise.all([
    reader.missingDirs([...direct]),
    rest.length > 0 ? reader.readModuleGraph(rest, touched) : emptyReport,
  ]);
  const stackDirs = new Set(stacks.map((stack) => stack.dir));
  const missing = new Set(missingDirect);
  for (const problem of report.problems) {
    if (problem.kind === 'missing_dir' && stackDirs.has(problem.dir)) missing.add(problem.dir);
    else problems.push(problem);
  }
  problems.unshift(...stackDirProblems(stacks, missing));
  const affected = affectedStacks(stacks, report.graph, changed);
  return { stacks: affected.map((stack) => stack.name), problems };
}

/** One line describing a problem, for a warning on stderr or in a reply. */
export function describeAffectedProblem(problem: AffectedProblem): string {
  switch (problem.kind) {
    case 'missing_stack_dir':
      return `stack "${problem.stack}": directory "${problem.dir}" does not exist (deleted?); changes under it still count`;
    case 'path_outside_repo':
      return `changed path "${problem.path}" is outside the repository; ignored`;
    case 'missing_dir':
      return problem.calledFrom
        ? `${problem.calledFrom}: module directory "${problem.dir}" does not exist`
        : `directory "${problem.dir}" does not exist`;
    case 'parse_error':
      return `${problem.file}: cannot be parsed, its module calls are not followed: ${problem.message}`;
    case 'unreadable':
      return `reading "${problem.path}": ${problem.message}`;
    case 'module_outside_repo':
      return `${problem.file}: module source "${problem.source}" is outside the repository; not followed`;
  }
}
