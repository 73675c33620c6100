import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The shape of a generated Terraform repository for the `affected` benchmark. */
export interface RepoShape {
  stacks: number;
  modules: number;
}

/** A generated repository: where it is, its config file, and the stacks' and modules' directories. */
export interface GeneratedRepo {
  root: string;
  configPath: string;
  stackDirs: string[];
  moduleDirs: string[];
}

const role = (kind: string, index: number) => `arn:aws:iam::123456789012:role/infrabot-${kind}-${index}`;
const providers = ['aws', 'google', 'github', 'newrelic'] as const;

function moduleDir(index: number): string {
  return `modules/m${String(index).padStart(3, '0')}`;
}

function stackDir(index: number): string {
  const provider = providers[index % providers.length];
  return `stacks/${provider}/env${index % 5}/s${String(index).padStart(4, '0')}`;
}

function resources(prefix: string, count: number): string {
  return Array.from(
    { length: count },
    (_, index) =>
      `resource "terraform_data" "${prefix}_${index}" {\n  input = {\n    name = "\${var.name}-${index}"\n    tags = var.tags\n  }\n}\n`,
  ).join('\n');
}

/** A module: resources, and for most of them a call to a later module, making chains up to 4 deep. */
function moduleFiles(index: number, modules: number): Record<string, string> {
  const next = index + 1;
  const call =
    next < modules && next % 4 !== 0
      ? `module "inner" {\n  source = "../${moduleDir(next).split('/')[1]}"\n  name   = var.name\n}\n\n`
      : '';
  return {
    'main.tf': `${call}${resources('m', 3)}`,
    'variables.tf':
      'variable "name" {\n  type = string\n}\n\nvariable "tags" {\n  type    = map(string)\n  default = {}\n}\n',
    'outputs.tf': 'output "id" {\n  value = terraform_data.m_0.id\n}\n',
  };
}

/** A stack: two local modules, one registry module, resources, and outputs that mention the modules. */
function stackFiles(index: number, modules: number): Record<string, string> {
  const first = moduleDir((index * 7) % modules);
  const second = moduleDir((index * 13 + 5) % modules);
  const calls = [
    `module "first" {\n  source = "../../../../${first}"\n  name   = "s${index}-first"\n}\n`,
    `module "second" {\n  source = "../../../../${second}"\n  name   = "s${index}-second"\n}\n`,
    'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n}\n',
  ];
  return {
    'main.tf': `${calls.join('\n')}\n${resources('s', 4)}`,
    'variables.tf': 'variable "name" {\n  type    = string\n  default = "bench"\n}\n',
    'outputs.tf':
      'output "first" {\n  value = module.first.id\n}\n\noutput "second" {\n  value = module.second.id\n}\n',
    'versions.tf': 'terraform {\n  required_version = ">= 1.6"\n}\n',
  };
}

async function writeDir(root: string, dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(join(root, dir), { recursive: true });
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(root, dir, name), text)));
}

function configYaml(stackDirs: readonly string[]): string {
  const stacks = stackDirs.map((dir, index) =>
    [
      `  - name: ${dir.replace(/^stacks\//, '')}`,
      `    dir: ${dir}`,
      `    provider: ${providers[index % providers.length]}`,
      `    roles: { plan: "${role('plan', index)}", apply: "${role('apply', index)}" }`,
      '    appliers: ["@sre"]',
    ].join('\n'),
  );
  return `repository: example-org/infra\nstacks:\n${stacks.join('\n')}\n`;
}

/** Writes a repository of `shape.stacks` stacks and `shape.modules` modules under `root`. */
export async function generateRepo(root: string, shape: RepoShape): Promise<GeneratedRepo> {
  const moduleDirs = Array.from({ length: shape.modules }, (_, index) => moduleDir(index));
  const stackDirs = Array.from({ length: shape.stacks }, (_, index) => stackDir(index));
  for (let index = 0; index < shape.modules; index += 50) {
    const batch = moduleDirs.slice(index, index + 50);
    await Promise.all(batch.map((dir, offset) => writeDir(root, dir, moduleFiles(index + offset, shape.modules))));
  }
  for (let index = 0; index < shape.stacks; index += 50) {
    const batch = stackDirs.slice(index, index + 50);
    await Promise.all(batch.map((dir, offset) => writeDir(root, dir, stackFiles(index + offset, shape.modules))));
  }
  const configPath = join(root, 'infrabot.yaml');
  await writeFile(configPath, configYaml(stackDirs));
  return { root, configPath, stackDirs, moduleDirs };
}

/**
 * `count` changed paths: `inStacks` of them spread over the first `stacksTouched` stacks, `inModules` over the
 * first `modulesTouched` modules, and the rest in places no stack uses (docs, CI, scripts).
 */
export function changedPaths(
  repo: GeneratedRepo,
  mix: { count: number; inStacks: number; stacksTouched: number; inModules: number; modulesTouched: number },
): string[] {
  const paths: string[] = [];
  for (let index = 0; index < mix.inStacks; index++) {
    paths.push(`${repo.stackDirs[index % mix.stacksTouched]}/file-${index}.tf`);
  }
  for (let index = 0; index < mix.inModules; index++) {
    paths.push(`${repo.moduleDirs[(index * 11) % mix.modulesTouched]}/file-${index}.tf`);
  }
  for (let index = paths.length; index < mix.count; index++) {
    paths.push(`docs/section-${index % 40}/page-${index}.md`);
  }
  return paths;
}
