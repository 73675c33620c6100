import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigFileError, defaultConfigPath, loadConfigFile } from '../../adapters/config/config-file';
import { HclModuleGraphReader } from '../../adapters/local/hcl-module-graph';
import { startTreeSitter } from '../../adapters/local/tree-sitter-hcl';
import { describeAffectedProblem, findAffectedStacks } from '../../core/stacks/find-affected-stacks';
import { parseCliArgs } from '../parse-cli-args';
import type { CliCommand, CliIo } from '../run-cli';

const options = {
  config: { type: 'string' },
  repo: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** An absolute path inside the repository made relative to it; anything else as given. */
function repoRelative(path: string, repoDir: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(repoDir, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** Changed paths from the arguments, or one a line from standard input (`git diff --name-only | …`). */
async function changedPaths(positionals: string[], io: CliIo, repoDir: string): Promise<string[]> {
  const given = positionals.length > 0 ? positionals : (await io.readStdin()).split(/\r?\n/);
  return given
    .map((path) => path.trim())
    .filter((path) => path !== '')
    .map((path) => repoRelative(path, repoDir));
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, options);
  const repoDir = resolve(values.repo ?? '.');
  if (!(await isDirectory(repoDir))) {
    io.stderr(`infrabot: repository directory "${values.repo ?? '.'}" not found (--repo DIR)\n`);
    return 1;
  }
  const paths = await changedPaths(positionals, io, repoDir);
  // The parser's WebAssembly compiles on another thread while the configuration is read.
  if (paths.length > 0) startTreeSitter();
  let config: Awaited<ReturnType<typeof loadConfigFile>>;
  try {
    config = await loadConfigFile(values.config ?? defaultConfigPath());
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    io.stderr(`infrabot: ${error.message}\n`);
    return 1;
  }
  const result = await findAffectedStacks(config.stacks, paths, new HclModuleGraphReader(repoDir));
  for (const problem of result.problems) io.stderr(`infrabot: warning: ${describeAffectedProblem(problem)}\n`);
  if (values.json) io.stdout(`${JSON.stringify(result.stacks)}\n`);
  else if (result.stacks.length > 0) io.stdout(`${result.stacks.join('\n')}\n`);
  return 0;
}

/** `infrabot affected`: the stacks that changed files touch, directly or through local modules. */
export const affectedCommand: CliCommand = {
  words: ['affected'],
  usage: 'affected [--config FILE] [--repo DIR] [--json] [FILE...]',
  summary: 'print the stacks the changed files affect (paths as arguments or one a line on stdin)',
  run,
};
