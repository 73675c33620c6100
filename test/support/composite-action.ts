import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The script the composite action `.github/actions/infrabot` runs. */
export const actionScript = join(import.meta.dirname, '../../.github/actions/infrabot/infrabot-plan.mjs');

/** Runs the composite action's script as its step does, with only PATH and these variables. */
export function runAction(env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [actionScript], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}
