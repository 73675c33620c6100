import { describe, expect, it } from 'vitest';
import type { ModuleGraphReader } from '../../../../core/ports';
import { describeAffectedProblem, findAffectedStacks } from '../../../../core/stacks/find-affected-stacks';
import type { ModuleGraphReport } from '../../../../core/stacks/module-graph';

/** A reader over a fixed set of directories; records which directories it was asked to read. */
class FakeModuleGraphReader implements ModuleGraphReader {
  readonly asked: string[][] = [];
  constructor(
    private readonly dirs: Record<string, string[]>,
    private readonly extraProblems: ModuleGraphReport['problems'] = [],
  ) {}

  async readModuleGraph(roots: readonly string[]): Promise<ModuleGraphReport> {
    this.asked.push([...roots]);
    const graph = new Map<string, string[]>();
    const problems: ModuleGraphReport['problems'] = [...this.extraProblems];
    const queue = [...roots];
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      if (graph.has(dir)) continue;
      const modules = this.dirs[dir];
      if (!modules) {
        problems.push({ kind: 'missing_dir', dir });
        continue;
      }
      graph.set(dir, modules);
      queue.push(...modules);
    }
    return { graph, problems };
  }

  async missingDirs(dirs: readonly string[]): Promise<string[]> {
    return dirs.filter((dir) => !this.dirs[dir]);
  }
}

const stacks = [
  { name: 'network', dir: 'stacks/network' },
  { name: 'app', dir: 'stacks/app' },
  { name: 'old', dir: 'stacks/old' },
];
const tree = {
  'stacks/network': ['modules/vpc'],
  'stacks/app': ['modules/service'],
  'modules/vpc': [],
  'modules/service': [],
};

describe('findAffectedStacks', () => {
  it('reads the module graph of the stacks not touched directly, and only those', async () => {
    const reader = new FakeModuleGraphReader(tree);

    const result = await findAffectedStacks(stacks, ['stacks/network/main.tf', 'modules/service/main.tf'], reader);

    expect(result.stacks).toEqual(['network', 'app']);
    expect(reader.asked).toEqual([['stacks/app', 'stacks/old']]);
  });

  it('reads nothing when every stack is touched directly, and nothing at all for no changes', async () => {
    const reader = new FakeModuleGraphReader({ ...tree, 'stacks/old': [] });

    const all = await findAffectedStacks(stacks, ['stacks/network/a', 'stacks/app/b', 'stacks/old/c'], reader);
    const none = await findAffectedStacks(stacks, ['', '  '], reader);

    expect(all).toEqual({ stacks: ['network', 'app', 'old'], problems: [] });
    expect(none).toEqual({ stacks: [], problems: [] });
    expect(reader.asked).toEqual([]);
  });

  it('still matches a deleted stack directory by path and reports it', async () => {
    const reader = new FakeModuleGraphReader(tree);

    const result = await findAffectedStacks(stacks, ['stacks/old/main.tf'], reader);

    expect(result.stacks).toEqual(['old']);
    expect(result.problems).toEqual([{ kind: 'missing_stack_dir', stack: 'old', dir: 'stacks/old' }]);
  });

  it('reports a deleted stack directory that the change does not touch', async () => {
    const result = await findAffectedStacks(stacks, ['README.md'], new FakeModuleGraphReader(tree));

    expect(result).toEqual({ stacks: [], problems: [{ kind: 'missing_stack_dir', stack: 'old', dir: 'stacks/old' }] });
  });

  it('ignores changed paths outside the repository and says so', async () => {
    const result = await findAffectedStacks(
      stacks,
      ['../elsewhere/main.tf', '/etc/hosts'],
      new FakeModuleGraphReader(tree),
    );

    expect(result.stacks).toEqual([]);
    expect(result.problems).toEqual([
      { kind: 'path_outside_repo', path: '../elsewhere/main.tf' },
      { kind: 'path_outside_repo', path: '/etc/hosts' },
    ]);
  });

  it('passes on what the reader could not read', async () => {
    const parseError = {
      kind: 'parse_error',
      file: 'stacks/app/bad.tf',
      message: 'line 1, column 3: Invalid block',
    } as const;
    const reader = new FakeModuleGraphReader({ ...tree, 'stacks/old': [] }, [parseError]);

    const result = await findAffectedStacks(stacks, ['docs/a.md'], reader);

    expect(result.problems).toEqual([parseError]);
  });
});

describe('describeAffectedProblem', () => {
  it.each([
    [
      { kind: 'missing_stack_dir', stack: 'old', dir: 'stacks/old' },
      'stack "old": directory "stacks/old" does not exist (deleted?); changes under it still count',
    ],
    [{ kind: 'path_outside_repo', path: '../x' }, 'changed path "../x" is outside the repository; ignored'],
    [
      { kind: 'missing_dir', dir: 'modules/gone', calledFrom: 'stacks/app/main.tf' },
      'stacks/app/main.tf: module directory "modules/gone" does not exist',
    ],
    [
      { kind: 'parse_error', file: 'stacks/app/bad.tf', message: 'line 1, column 3: Invalid block' },
      'stacks/app/bad.tf: cannot be parsed, its module calls are not followed: line 1, column 3: Invalid block',
    ],
    [
      { kind: 'module_outside_repo', file: 'stacks/app/main.tf', source: '../../../x' },
      'stacks/app/main.tf: module source "../../../x" is outside the repository; not followed',
    ],
    [{ kind: 'unreadable', path: 'stacks/app', message: 'EACCES' }, 'reading "stacks/app": EACCES'],
  ] as const)('words %j', (problem, text) => {
    expect(describeAffectedProblem(problem)).toBe(text);
  });
});
