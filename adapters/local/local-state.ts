import { copyFile, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, sep } from 'node:path';
import { privateDir } from './private-dir';
import { readStackBackend, type TerraformProgram } from './stack-backend';

/**
 * The file the local runner adds to a stack's directory in the job's worktree. Terraform merges `*_override.tf.json`
 * files after the others and an override's `backend` replaces the stack's, so the default local backend writes its
 * state outside the worktree, which is removed after every job. JSON syntax because the path goes in as data:
 * Terraform reads a backend's settings as literal values (a `${` in a directory name stays as it is).
 */
export const BACKEND_OVERRIDE_FILE = '_infrabot_backend_override.tf.json';

/** `<stateDir>/tfstate/<stack, URL-encoded>/terraform.tfstate`: one flat directory per stack, names cannot collide. */
export function localStatePath(stateDir: string, stackName: string): string {
  return join(stateDir, 'tfstate', encodeURIComponent(stackName), 'terraform.tfstate');
}

/** What became of a stack's state location: a line for the build log, or the reason the job cannot run. */
export type StateLocation = { ok: true; note: string } | { ok: false; detail: string };

async function inside(root: string, path: string): Promise<boolean> {
  const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
  return realPath === realRoot || realPath.startsWith(`${realRoot}${sep}`);
}

/**
 * Points the stack's local backend at `statePath` when the stack keeps state in its working directory (no backend,
 * or `backend "local"` with a relative or no `path`, in the files `program` reads); any other backend is left as
 * the stack declares it.
 * Jobs of one stack never run at once, and the saved plan records the path, so an apply uses the state its plan saw.
 */
export async function keepLocalState(
  worktree: string,
  stackDir: string,
  statePath: string,
  program: TerraformProgram,
): Promise<StateLocation> {
  const dir = join(worktree, stackDir);
  if (!(await inside(worktree, dir))) {
    return { ok: false, detail: `the stack directory "${stackDir}" leads outside the repository (a symbolic link)` };
  }
  // The commit may hold a file (or a symbolic link) by this name: it goes, and ours is created anew. So does one by
  // the name OpenTofu would read instead of ours (`x.tofu.json` hides `x.tf.json` from it).
  const file = join(dir, BACKEND_OVERRIDE_FILE);
  await rm(file, { force: true });
  await rm(join(dir, BACKEND_OVERRIDE_FILE.replace(/\.tf\.json$/, '.tofu.json')), { force: true });
  const backend = await readStackBackend(dir, BACKEND_OVERRIDE_FILE, program);
  if (backend.kind === 'other') return { ok: true, note: `state: the stack's "${backend.type}" backend` };
  if (backend.kind === 'unreadable') {
    return { ok: true, note: `state: left as the stack declares it (${backend.file}: ${backend.reason})` };
  }
  if (backend.kind === 'local' && backend.path !== undefined && isAbsolute(backend.path)) {
    return { ok: true, note: `state: the stack's local backend at ${backend.path}` };
  }
  await privateDir(dirname(dirname(statePath)));
  await privateDir(dirname(statePath));
  const override = { terraform: { backend: { local: { path: statePath } } } };
  await writeFile(file, `${JSON.stringify(override, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  return { ok: true, note: `state: local backend at ${statePath} (kept between jobs, outside the worktree)` };
}

/**
 * A plan's own copy of its stack's local state, in a fresh `copyDir` (where no build can write its parent): the sandbox shows it at the
 * state's own path, so `terraform plan` reads and locks the real state's content and records the real path in the
 * saved plan, while nothing the plan's code writes or deletes reaches the state an apply uses. Only appliers change
 * state.
 */
export async function copyStateForPlan(statePath: string, copyDir: string): Promise<string> {
  await privateDir(dirname(copyDir));
  await rm(copyDir, { recursive: true, force: true });
  await privateDir(copyDir);
  try {
    await copyFile(statePath, join(copyDir, basename(statePath)));
  } catch (error) {
    // No state yet (the stack was never applied): the plan starts from none, as Terraform would.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return copyDir;
}
