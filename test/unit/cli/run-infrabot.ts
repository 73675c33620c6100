import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const bin = resolve('bin/infrabot.mjs');

/** What a run of the real `infrabot` executable printed, and its exit code. */
export interface InfrabotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/infrabot.mjs ARGS` as a child process, with optional standard input, cwd and environment. */
export function runInfrabot(
  args: string[],
  options: { cwd?: string; stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<InfrabotRun> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, INFRABOT_CONFIG: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  child.stdin.end(options.stdin ?? '');
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
