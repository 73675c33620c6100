import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSpec } from '../../core/ports';
import { blockStart } from './hcl-block-start';
import { parseTerraformFile, TerraformParseError } from './hcl-parser';
import { terraformFilesIn } from './repo-walk';
import { blockHeader, blocksIn, type Node, readHcl, stringAttribute } from './tree-sitter-hcl';

/**
 * Where a stack's configuration says Terraform keeps its state, as far as the local runner needs to know:
 * - `default`: no `backend` or `cloud` block, so the local backend with `terraform.tfstate` in the working directory;
 * - `local`: a `backend "local"` block, with its `path` when it sets one;
 * - `other`: any other backend (`s3`, `gcs`, `remote`, …) or a `cloud` block, which keep state elsewhere;
 * - `unreadable`: a file the HCL parser refused (Terraform will say more when it reads it).
 */
export type StackBackend =
  | { kind: 'default' }
  | { kind: 'local'; path?: string }
  | { kind: 'other'; type: string }
  | { kind: 'unreadable'; file: string; reason: string };

/** The program a stack's steps run: Terraform or OpenTofu, which read different files. */
export type TerraformProgram = RunSpec['terraformBinary'];

/** `_override.tf` files are merged after the others, so their backend wins (Terraform's override rules). */
const overrideFile = /(^|_)override\.(tf|tofu)(\.json)?$/;

/** Blocks in Terraform's JSON form come as one object or an array of them (hcl2json writes arrays). */
function blocksOf(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null);
}

/** The backend one file declares, if any: the last `backend` or `cloud` of its `terraform` blocks. */
function backendOf(file: unknown): StackBackend | undefined {
  let found: StackBackend | undefined;
  for (const terraform of blocksOf((file as { terraform?: unknown } | null)?.terraform)) {
    if (terraform.cloud !== undefined) found = { kind: 'other', type: 'cloud' };
    for (const backend of blocksOf(terraform.backend)) {
      // A "//" property is a comment in Terraform's JSON syntax, here too: it names no backend.
      const [type, body] = Object.entries(backend).find(([key]) => key !== '//') ?? [];
      if (type === undefined) continue;
      if (type !== 'local') {
        found = { kind: 'other', type };
        continue;
      }
      const path = blocksOf(body)[0]?.path;
      found = typeof path === 'string' ? { kind: 'local', path } : { kind: 'local' };
    }
  }
  return found;
}

/** The same, from a file's blocks as tree-sitter reads them. */
function backendIn(blocks: Node[]): StackBackend | undefined {
  let found: StackBackend | undefined;
  for (const terraform of blocks.filter((block) => blockHeader(block).type === 'terraform')) {
    for (const block of blocksIn(terraform)) {
      const { type, labels } = blockHeader(block);
      if (type === 'cloud') found = { kind: 'other', type: 'cloud' };
      if (type !== 'backend' || labels[0] === undefined) continue;
      const path = labels[0] === 'local' ? stringAttribute(block, 'path') : undefined;
      if (labels[0] !== 'local') found = { kind: 'other', type: labels[0] };
      else found = path === undefined ? { kind: 'local' } : { kind: 'local', path };
    }
  }
  return found;
}

/** See `blockStart`: an HCL file whose lines start no `terraform` block declares no backend and is not parsed. */
const terraformBlockStart = blockStart('terraform');

/**
 * The backend one file declares, if any. HCL goes to tree-sitter first; a file it finds an error in, and JSON
 * syntax, go to the reference parser, which reads what this grammar may not know and words the errors users see.
 */
async function fileBackend(name: string, text: string): Promise<StackBackend | undefined> {
  if (name.endsWith('.json')) return backendOf(await parseTerraformFile(name, text));
  if (!terraformBlockStart.test(text)) return undefined;
  const read = await readHcl(text, (blocks) => ({ backend: backendIn(blocks) }));
  return read === undefined ? backendOf(await parseTerraformFile(name, text)) : read.backend;
}

/**
 * The files of a directory that `program` reads, as it chooses them: neither reads a name starting with a dot;
 * Terraform reads no `.tofu` file; OpenTofu reads `x.tofu` instead of `x.tf` (and `x.tofu.json` instead of
 * `x.tf.json`). A backend declared in a file the program does not read is no backend at all.
 */
function filesReadBy(program: TerraformProgram, names: string[]): string[] {
  const visible = names.filter((name) => !name.startsWith('.'));
  if (program === 'terraform') return visible.filter((name) => /\.tf(\.json)?$/.test(name));
  return visible.filter(
    (name) => !/\.tf(\.json)?$/.test(name) || !visible.includes(name.replace(/\.tf(?=(\.json)?$)/, '.tofu')),
  );
}

/**
 * Reads the backend of the stack in `dir` from the files `program` reads (HCL or JSON), applying override files last.
 * @param skip a file name to ignore (the runner's own override file, should the commit contain one)
 */
export async function readStackBackend(dir: string, skip: string, program: TerraformProgram): Promise<StackBackend> {
  const names = filesReadBy(
    program,
    terraformFilesIn(dir, '.').filter((name) => name !== skip),
  );
  const ordered = [
    ...names.filter((name) => !overrideFile.test(name)),
    ...names.filter((name) => overrideFile.test(name)),
  ];
  let backend: StackBackend = { kind: 'default' };
  for (const name of ordered) {
    try {
      const text = await readFile(join(dir, name), 'utf8');
      backend = (await fileBackend(name, text)) ?? backend;
    } catch (error) {
      // A file that cannot be read or parsed is Terraform's to report; anything else is a bug.
      const expected = error instanceof TerraformParseError || (error as NodeJS.ErrnoException).code !== undefined;
      if (!expected) throw error;
      return { kind: 'unreadable', file: name, reason: (error as Error).message };
    }
  }
  return backend;
}
