import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { nextSha } from '../fixtures/config';

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

/** The step's environment for PR 7 at `nextSha`: infrabot at `url`, the runner's token service, output files in `dir`. */
export function actionEnv(url: string, issuer: { requestUrl: string; requestToken: string }, dir: string) {
  return {
    INFRABOT_URL: url,
    INFRABOT_PR: '7',
    INFRABOT_SHA: nextSha,
    INFRABOT_POLL_SECONDS: '0.02',
    ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
}
