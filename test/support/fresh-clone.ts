import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../terraform/app';

const run = promisify(execFile);

/** A copy of the repository as a clone has it, for commands a newcomer runs first. */
export interface FreshClone {
  root: string;
  /** An absolute path inside the clone. */
  path(relative: string): string;
  copy(from: string, to: string): void;
  /** Runs npm in the clone; rejects with its output when it fails. */
  npm(...args: string[]): Promise<{ stdout: string; stderr: string }>;
}

/**
 * Copies the files git would check out (tracked and new, never ignored ones such as dist/ or
 * terraform/inputs.json) into `dir`, and links the installed node_modules (what `npm ci` would install).
 */
export function freshClone(dir: string): FreshClone {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(repoRoot, file)) && file !== 'node_modules');
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(dir, file));
  }
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(dir, 'node_modules'));
  const path = (relative: string) => join(dir, relative);
  return {
    root: dir,
    path,
    copy: (from, to) => copyFileSync(path(from), path(to)),
    npm: (...args) =>
      run('npm', args, {
        cwd: dir,
        env: cleanEnv(),
      }),
  };
}

/** This process's environment without the variables that would point the clone's commands elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { INFRABOT_DEPLOY_INPUTS: _inputs, INFRABOT_CONFIG: _config, CDKTF_OUTDIR: _outdir, ...env } = process.env;
  return env;
}
