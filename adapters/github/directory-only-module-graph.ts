import type { ModuleGraphReader } from '../../core/ports';
import type { ModuleGraphReport } from '../../core/stacks/module-graph';

/**
 * For a bot with no checkout of the repository (the bot Lambda): no module edges, so a stack is affected only
 * by files inside its own directory. A PR that changes only a shared module names its stacks explicitly
 * (`/tf plan <stack>`); `infrabot serve` with a clone follows modules.
 */
export class DirectoryOnlyModuleGraph implements ModuleGraphReader {
  async readModuleGraph(): Promise<ModuleGraphReport> {
    return { graph: new Map(), problems: [] };
  }

  async missingDirs(): Promise<string[]> {
    return [];
  }
}
