import type { ModuleGraph } from './affected';

/** Something the module-graph reader could not fully read; reading goes on around it. */
export type ModuleGraphProblem =
  /** A directory to read does not exist: a stack directory deleted by the change, or a module gone missing. */
  | { kind: 'missing_dir'; dir: string; calledFrom?: string }
  /** A Terraform file the parser refused; its module calls are unknown. */
  | { kind: 'parse_error'; file: string; message: string }
  /** A file or directory that exists but cannot be read. */
  | { kind: 'unreadable'; path: string; message: string }
  /** A module `source` such as `../../../elsewhere` that climbs out of the repository. */
  | { kind: 'module_outside_repo'; file: string; source: string };

/** What a module-graph reader found: each directory read with the local modules it calls, and what went wrong. */
export interface ModuleGraphReport {
  graph: ModuleGraph;
  problems: ModuleGraphProblem[];
}
