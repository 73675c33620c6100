import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HclModuleGraphReader } from '../../../../adapters/local/hcl-module-graph';

let root: string;

async function writeTree(files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

const moduleBlock = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'infrabot-module-graph-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('HclModuleGraphReader', () => {
  it('follows local modules from a stack through nested modules', async () => {
    await writeTree({
      'stacks/app/main.tf': `${moduleBlock('service', '../../modules/service')}\nresource "terraform_data" "x" {}\n`,
      'stacks/app/outputs.tf': 'output "url" {\n  value = module.service.url\n}\n',
      'modules/service/main.tf': `${moduleBlock('tags', '../tags')}${moduleBlock('vpc', 'terraform-aws-modules/vpc/aws')}`,
      'modules/tags/main.tf': 'variable "tags" {}\n',
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(Object.fromEntries(report.graph)).toEqual({
      'stacks/app': ['modules/service'],
      'modules/service': ['modules/tags'],
      'modules/tags': [],
    });
    expect(report.problems).toEqual([]);
  });

  it('reads every module block of every Terraform file in the directory, once per module', async () => {
    await writeTree({
      'stacks/app/a.tf': moduleBlock('one', './modules/one'),
      'stacks/app/b.tf': `${moduleBlock('two', './modules/two')}${moduleBlock('again', './modules/one/')}`,
      'stacks/app/c.tf.json': JSON.stringify({ module: { three: { source: '../../modules/three' } } }),
      'stacks/app/d.tofu': moduleBlock('four', '../../modules/four'),
      'stacks/app/README.md': moduleBlock('not-terraform', '../../modules/five'),
      'stacks/app/modules/one/main.tf': '',
      'stacks/app/modules/two/main.tf': '',
      'modules/three/main.tf': '',
      'modules/four/main.tf': '',
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(report.graph.get('stacks/app')).toEqual([
      'stacks/app/modules/one',
      'stacks/app/modules/two',
      'modules/three',
      'modules/four',
    ]);
  });

  it('follows module cycles without looping', async () => {
    await writeTree({
      'stacks/app/main.tf': moduleBlock('a', '../../modules/a'),
      'modules/a/main.tf': moduleBlock('b', '../b'),
      'modules/b/main.tf': moduleBlock('a', '../a'),
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(Object.fromEntries(report.graph)).toEqual({
      'stacks/app': ['modules/a'],
      'modules/a': ['modules/b'],
      'modules/b': ['modules/a'],
    });
  });

  it('reports a deleted stack directory instead of failing', async () => {
    await writeTree({ 'stacks/app/main.tf': '' });

    const reader = new HclModuleGraphReader(root);
    const report = await reader.readModuleGraph(['stacks/app', 'stacks/deleted']);

    expect(report.graph.has('stacks/deleted')).toBe(false);
    expect(report.problems).toEqual([{ kind: 'missing_dir', dir: 'stacks/deleted' }]);
    expect(await reader.missingDirs(['stacks/app', 'stacks/deleted', 'stacks/app/main.tf'])).toEqual([
      'stacks/app/main.tf',
      'stacks/deleted',
    ]);
  });

  it('reports a module directory that does not exist, naming the file that calls it', async () => {
    await writeTree({ 'stacks/app/main.tf': moduleBlock('gone', '../../modules/gone') });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(report.graph.get('stacks/app')).toEqual(['modules/gone']);
    expect(report.problems).toEqual([{ kind: 'missing_dir', dir: 'modules/gone', calledFrom: 'stacks/app/main.tf' }]);
  });

  it('reports a file that does not parse and still reads the others', async () => {
    await writeTree({
      'stacks/app/broken.tf': 'module "x" {\n  source = \n}\n',
      'stacks/app/broken.tf.json': '{ "module": ',
      'stacks/app/main.tf': moduleBlock('ok', '../../modules/ok'),
      'modules/ok/main.tf': '',
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(report.graph.get('stacks/app')).toEqual(['modules/ok']);
    expect(report.problems).toEqual([
      {
        kind: 'parse_error',
        file: 'stacks/app/broken.tf',
        message: expect.stringMatching(/^line 2, column 12: Invalid expression/),
      },
      { kind: 'parse_error', file: 'stacks/app/broken.tf.json', message: expect.stringContaining('JSON') },
    ]);
  });

  it('does not parse files without a module block, so their other syntax errors do not matter here', async () => {
    await writeTree({
      'stacks/app/outputs.tf': 'output "id" {\n  value = module.net.id\n  broken = = \n}\n',
      'stacks/app/notes.tf': '# a module is a directory of .tf files\n',
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(report).toEqual({ graph: new Map([['stacks/app', []]]), problems: [] });
  });

  it('finds a module block that follows a comment on its line', async () => {
    await writeTree({
      'stacks/app/main.tf': '/* shared network */ module "net" {\n  source = "../../modules/net"\n}\n',
      'modules/net/main.tf': '',
    });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['stacks/app']);

    expect(report.graph.get('stacks/app')).toEqual(['modules/net']);
  });

  it('reports a module source that climbs out of the repository and does not follow it', async () => {
    await writeTree({ 'main.tf': moduleBlock('outside', '../shared') });

    const report = await new HclModuleGraphReader(root).readModuleGraph(['.']);

    expect(report.graph.get('.')).toEqual([]);
    expect(report.problems).toEqual([{ kind: 'module_outside_repo', file: 'main.tf', source: '../shared' }]);
  });

  it('gives the same answer when read one directory at a time and when several calls share the reader', async () => {
    await writeTree({
      'stacks/a/main.tf': moduleBlock('m', '../../modules/m'),
      'stacks/b/main.tf': moduleBlock('m', '../../modules/m'),
      'modules/m/main.tf': '',
    });
    const reader = new HclModuleGraphReader(root, { concurrency: 1 });

    const first = await reader.readModuleGraph(['stacks/a', 'stacks/b']);
    const second = await reader.readModuleGraph(['stacks/b']);

    expect(Object.fromEntries(first.graph)).toEqual({
      'stacks/a': ['modules/m'],
      'stacks/b': ['modules/m'],
      'modules/m': [],
    });
    expect(Object.fromEntries(second.graph)).toEqual({ 'stacks/b': ['modules/m'], 'modules/m': [] });
  });
});
