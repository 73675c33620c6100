import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HclModuleGraphReader } from '../../../../adapters/local/hcl-module-graph';
import { affectedStacks, touchedDirs } from '../../../../core/stacks/affected';

let root: string;

async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

const moduleBlock = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;

/** Stacks affected by `changed`, reading only what the change needs. */
async function affectedByReaching(stacks: { name: string; dir: string }[], changed: string[]): Promise<string[]> {
  const report = await new HclModuleGraphReader(root).readModuleGraph(
    stacks.map((stack) => stack.dir),
    touchedDirs(changed),
  );
  return affectedStacks(stacks, report.graph, changed).map((stack) => stack.name);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'infrabot-reaching-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('HclModuleGraphReader with the touched directories', () => {
  it('finds stacks that reach a change through nested modules, and leaves the others unparsed', async () => {
    await writeTree({
      'stacks/app/main.tf': moduleBlock('service', '../../modules/service'),
      'stacks/web/main.tf': moduleBlock('cdn', '../../modules/cdn'),
      'stacks/broken/main.tf': `${moduleBlock('cdn', '../../modules/cdn')}module "x" {\n  source = \n}\n`,
      'modules/service/main.tf': moduleBlock('tags', '../tags'),
      'modules/tags/main.tf': 'variable "tags" {}\n',
      'modules/cdn/main.tf': 'resource "terraform_data" "cdn" {}\n',
    });
    const stacks = [
      { name: 'app', dir: 'stacks/app' },
      { name: 'web', dir: 'stacks/web' },
      { name: 'broken', dir: 'stacks/broken' },
    ];

    const report = await new HclModuleGraphReader(root).readModuleGraph(
      stacks.map((stack) => stack.dir),
      touchedDirs(['modules/tags/main.tf']),
    );

    expect(affectedStacks(stacks, report.graph, ['modules/tags/main.tf']).map((stack) => stack.name)).toEqual(['app']);
    expect(report.graph.has('stacks/web')).toBe(false);
    expect(report.problems).toEqual([]);
  });

  it('parses a file that calls a module reaching the change, and reports it when it does not parse', async () => {
    await writeTree({
      'stacks/app/main.tf': `${moduleBlock('tags', '../../modules/tags')}module "x" {\n  source = \n}\n`,
      'modules/tags/main.tf': '',
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(
      ['stacks/app'],
      touchedDirs(['modules/tags/a.tf']),
    );

    expect(report.problems).toEqual([
      { kind: 'parse_error', file: 'stacks/app/main.tf', message: expect.stringMatching(/^line 5, column/) },
    ]);
  });

  it('follows module cycles and parses a source that names only parent directories', async () => {
    await writeTree({
      'stacks/app/main.tf': moduleBlock('a', '../../modules/a'),
      'modules/a/main.tf': moduleBlock('b', '../b'),
      'modules/b/main.tf': moduleBlock('a', '../a'),
      'modules/b/examples/basic/main.tf': moduleBlock('b', '../..'),
    });
    const stacks = [
      { name: 'app', dir: 'stacks/app' },
      { name: 'example', dir: 'modules/b/examples/basic' },
    ];

    expect(await affectedByReaching(stacks, ['modules/b/variables.tf'])).toEqual(['app', 'example']);
  });

  it('reads modules and stacks behind symbolic links without walking into them', async () => {
    await writeTree({
      'stacks/app/main.tf': moduleBlock('shared', '../../modules/shared'),
      'vendor/shared/main.tf': moduleBlock('tags', '../tags'),
      'modules/tags/main.tf': '',
      'elsewhere/web/main.tf': moduleBlock('shared', '../../modules/shared'),
    });
    await symlink(join(root, 'vendor/shared'), join(root, 'modules/shared'), 'dir');
    await mkdir(join(root, 'node_modules'));
    await symlink(join(root, 'elsewhere/web'), join(root, 'node_modules/web'), 'dir');
    const stacks = [
      { name: 'app', dir: 'stacks/app' },
      { name: 'web', dir: 'node_modules/web' },
    ];

    expect(await affectedByReaching(stacks, ['modules/tags/main.tf'])).toEqual(['app', 'web']);
  });

  it('reports a deleted stack directory and a missing module directory', async () => {
    await writeTree({ 'stacks/app/main.tf': moduleBlock('gone', '../../modules/gone') });

    const report = await new HclModuleGraphReader(root).readModuleGraph(
      ['stacks/app', 'stacks/deleted'],
      touchedDirs(['modules/gone/main.tf']),
    );

    expect(report.graph.get('stacks/app')).toEqual(['modules/gone']);
    expect(report.problems).toEqual([
      { kind: 'missing_dir', dir: 'modules/gone', calledFrom: 'stacks/app/main.tf' },
      { kind: 'missing_dir', dir: 'stacks/deleted' },
    ]);
  });

  it('agrees with reading the whole graph on a generated repository with odd but valid sources', async () => {
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const spellings = (name: string) => [`../${name}`, `../${name}/`, `../x/../${name}`, `./../${name}/.`];
    const files: Record<string, string> = {};
    for (let index = 0; index < 12; index++) {
      const calls = [random(12), random(12)].filter((target) => target !== index);
      const blocks = calls.map((target, n) => moduleBlock(`m${n}`, spellings(`m${target}`)[random(4)] ?? ''));
      files[`modules/m${index}/main.tf`] = blocks.join('');
    }
    const stacks = Array.from({ length: 20 }, (_, index) => ({ name: `s${index}`, dir: `stacks/s${index}` }));
    for (const stack of stacks) files[`${stack.dir}/main.tf`] = moduleBlock('m', `../../modules/m${random(12)}`);
    await writeTree(files);
    const whole = await new HclModuleGraphReader(root).readModuleGraph(stacks.map((stack) => stack.dir));

    for (let round = 0; round < 8; round++) {
      const changed = [`modules/m${random(12)}/main.tf`, `stacks/s${random(20)}/x.tf`, 'docs/readme.md'];

      const expected = affectedStacks(stacks, whole.graph, changed).map((stack) => stack.name);

      expect(await affectedByReaching(stacks, changed)).toEqual(expected);
    }
  });
});
