import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dirsReachingTouched, resolveModuleSource } from '../../core/stacks/affected';
import type { ModuleGraphProblem, ModuleGraphReport } from '../../core/stacks/module-graph';
import { crawl } from './crawl';
import { type LocalSourceTails, localSourceTails } from './local-source-tails';
import { inBatches, type ModuleCallReader, mayHoldModuleBlock } from './module-call-reader';
import { terraformDirs, terraformFilesIn } from './repo-walk';

interface Candidate {
  dir: string;
  text: string;
  tails: LocalSourceTails;
}

/** What the search has found so far. */
interface Search {
  candidates: Map<string, Candidate>;
  parsed: Set<string>;
  edges: Map<string, string[]>;
  calledFrom: Map<string, string>;
  problems: ModuleGraphProblem[];
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Every file with a module block outside the touched directories, with what its text says about local paths. */
async function loadCandidates(
  tree: ReadonlyMap<string, string[]>,
  touched: ReadonlySet<string>,
  reader: ModuleCallReader,
  search: Search,
): Promise<void> {
  const dirOf = new Map<string, string>();
  for (const [dir, names] of tree) {
    if (!touched.has(dir)) for (const name of names) dirOf.set(dir === '.' ? name : `${dir}/${name}`, dir);
  }
  await inBatches(dirOf.keys(), 64, (file) => {
    const read = reader.readText(file);
    if ('problem' in read) search.problems.push(read.problem);
    else if (mayHoldModuleBlock(file, read.text)) {
      search.candidates.set(file, { dir: dirOf.get(file) ?? '.', text: read.text, tails: localSourceTails(read.text) });
    }
  });
}

/** The files not parsed yet that could call a directory of `reach`, outside `reach` itself. */
function dueFiles(search: Search, reach: ReadonlySet<string>): string[] {
  const names = new Set([...reach].map(lastSegment));
  const due: string[] = [];
  for (const [file, candidate] of search.candidates) {
    if (search.parsed.has(file) || reach.has(candidate.dir)) continue;
    if (candidate.tails.unsure || [...candidate.tails.names].some((name) => names.has(name))) due.push(file);
  }
  return due;
}

async function parseFiles(files: string[], reader: ModuleCallReader, search: Search, concurrency: number) {
  const parse = async (file: string): Promise<string[]> => {
    const candidate = search.candidates.get(file) as Candidate;
    search.parsed.add(file);
    const found = await reader.callsOf(file, candidate.text);
    if (found.problem) search.problems.push(found.problem);
    for (const call of found.calls) {
      const resolved = resolveModuleSource(candidate.dir, call.source);
      if (resolved.kind === 'outside_repo')
        search.problems.push({ kind: 'module_outside_repo', file, source: call.source });
      if (resolved.kind !== 'local') continue;
      search.edges.set(candidate.dir, [...new Set([...(search.edges.get(candidate.dir) ?? []), resolved.dir])]);
      if (!search.calledFrom.has(resolved.dir)) search.calledFrom.set(resolved.dir, file);
    }
    return [];
  };
  await crawl(files, parse, concurrency);
}

async function reportMissing(repoDir: string, dirs: string[], roots: ReadonlySet<string>, search: Search) {
  const check = async (dir: string): Promise<string[]> => {
    const found = await stat(join(repoDir, dir)).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    const caller = search.calledFrom.get(dir);
    if (found) return [];
    search.problems.push(
      caller && !roots.has(dir) ? { kind: 'missing_dir', dir, calledFrom: caller } : { kind: 'missing_dir', dir },
    );
    return [];
  };
  await crawl(dirs, check, 16);
}

/**
 * Reads only as much of the module graph as deciding which directories reach `touched` needs: every edge into a
 * directory that reaches a touched one is found; others may be left out. Walks the repository for Terraform
 * directories, then parses, round by round, only the files whose local paths could name a directory known to
 * reach a touched one (see `localSourceTails`), until a round finds no new file to parse.
 */
export async function readReachingGraph(
  repoDir: string,
  roots: readonly string[],
  touched: ReadonlySet<string>,
  reader: ModuleCallReader,
  concurrency: number,
): Promise<ModuleGraphReport> {
  const search: Search = {
    candidates: new Map(),
    parsed: new Set(),
    edges: new Map(),
    calledFrom: new Map(),
    problems: [],
  };
  const tree = await terraformDirs(repoDir);
  for (const dir of roots) {
    // A stack directory the walk does not reach (a skipped or linked path) is still read.
    const names = tree.has(dir) ? [] : terraformFilesIn(repoDir, dir);
    if (names.length > 0) tree.set(dir, names);
  }
  await loadCandidates(tree, touched, reader, search);
  for (;;) {
    const due = dueFiles(search, new Set([...touched, ...dirsReachingTouched(search.edges, touched)]));
    if (due.length === 0) break;
    await parseFiles(due, reader, search, concurrency);
  }
  const unseen = [...new Set([...roots, ...search.calledFrom.keys()])].filter((dir) => !tree.has(dir));
  await reportMissing(repoDir, unseen, new Set(roots), search);
  return { graph: search.edges, problems: search.problems };
}
