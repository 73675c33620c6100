import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalRunner } from '../../../../adapters/local/local-runner';
import type { BuildOutcome, PlanToApply } from '../../../../core/ports';
import { recordedPlanIn } from '../../../fixtures/saved-plan';
import { createRepos, type TestRepos, tempDir } from '../../../support/git-repo';
import { buildspecDir } from '../../../support/run-spec';
import { writeStandIns } from '../../../support/stand-ins';

/** A local runner over a fresh repository, with the stand-in terraform first on PATH. */
export interface Harness {
  runner: LocalRunner;
  repos: TestRepos;
  stateDir: string;
  record: string;
  outcomes: BuildOutcome[];
  /** Resolves with the outcome of the job's build once it is reported. */
  finished(jobId: string): Promise<BuildOutcome>;
  artifact(jobId: string, name: string): string | undefined;
}

export const STACK_FILES = {
  'stacks/net/main.tf': 'resource "terraform_data" "net" {}\n',
  'stacks/dns/main.tf': 'resource "terraform_data" "dns" {}\n',
};

export function createHarness(
  options: {
    env?: NodeJS.ProcessEnv;
    concurrency?: number;
    path?: string;
    sandbox?: 'auto' | 'off';
    /** The repository's first commit (default: the `net` and `dns` stacks of `STACK_FILES`). */
    files?: Record<string, string>;
  } = {},
) {
  const repos = createRepos(options.files ?? STACK_FILES);
  const stateDir = tempDir('state');
  const bin = tempDir('bin');
  const record = writeStandIns(bin, ['terraform']);
  const outcomes: BuildOutcome[] = [];
  const waiting = new Map<string, (outcome: BuildOutcome) => void>();
  const runner = new LocalRunner({
    repoDir: repos.clone,
    stateDir,
    buildspecDir,
    concurrency: options.concurrency ?? 4,
    killGraceMs: 500,
    ...(options.sandbox === undefined ? {} : { sandbox: options.sandbox }),
    onFinished: async (outcome) => {
      outcomes.push(outcome);
      waiting.get(outcome.jobId)?.(outcome);
    },
    env: {
      ...process.env,
      PATH: options.path ?? `${bin}:${process.env.PATH}`,
      STANDIN_RECORD: record,
      // The stand-ins' settings reach builds as an operator's own variables would.
      INFRABOT_BUILD_ENV: 'STANDIN_*',
      TF_CLI_CONFIG_FILE: '/dev/null',
      ...options.env,
    },
  });
  const harness: Harness = {
    runner,
    repos,
    stateDir,
    record,
    outcomes,
    finished: (jobId) => {
      const done = outcomes.find((outcome) => outcome.jobId === jobId);
      if (done !== undefined) return Promise.resolve(done);
      return new Promise((resolve) => waiting.set(jobId, resolve));
    },
    artifact: (jobId, name) => {
      const path = join(stateDir, 'jobs', jobId, name);
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    },
  };
  return harness;
}

/**
 * The plan an apply of `planJobId` applies, with the digest of its saved plan as it is now: what the bot records
 * when the plan's build ends.
 */
export function recordedPlan(harness: Harness, planJobId: string, sha: string): PlanToApply {
  return recordedPlanIn(join(harness.stateDir, 'jobs'), planJobId, sha);
}

/** Waits until `check` holds, polling every 25 ms, for at most `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
