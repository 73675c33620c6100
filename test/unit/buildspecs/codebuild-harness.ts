import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBuildspec } from '../../../adapters/local/buildspec-file';
import { executeSteps, type StepsResult } from '../../../adapters/local/step-executor';
import { jobEnvironment } from '../../../core/buildspec/environment';
import { stepsFor } from '../../../core/buildspec/steps';
import type { StackConfig } from '../../../core/config/schema';
import type { Job } from '../../../core/jobs/job';
import { commitFiles, git, tempDir } from '../../support/git-repo';
import { buildspecDir, runSpec } from '../../support/run-spec';
import { type Call, readCalls, writeStandIns } from '../../support/stand-ins';

/** The value every stand-in secret (GitHub key, New Relic key, AWS secret key) has: it must never be printed. */
export const SECRET = 'sEcReT-4f1c9e2b-never-print-me';
export const BUCKET = 'infrabot-artifacts-123456789012';

export interface CodeBuildRun {
  result: StepsResult;
  /** Everything the build printed (what CloudWatch would show). */
  output: string;
  calls: Call[];
  /** The directory standing in for S3: `<s3Root>/<bucket>/jobs/<jobId>/...`. */
  s3Root: string;
  workDir: string;
  s3(key: string): string;
}

export interface CodeBuildRunOptions {
  job?: Partial<Job>;
  /** Extra or changed environment (stand-in behaviour, CodeBuild variables). */
  env?: Record<string, string>;
  /** Files put into the stand-in S3 before the build, keyed by object key. */
  s3Objects?: Record<string, string>;
}

/**
 * Runs a buildspec's CodeBuild steps (all of them, CodeBuild-only included) with bash in a temporary repository,
 * with stand-in `terraform` and `aws` first on PATH, the environment CodeBuild would give: the buildspec's
 * variables, the dispatcher's overrides from `jobEnvironment`, and CodeBuild's own `CODEBUILD_*` variables.
 */
export async function runCodeBuild(stack: StackConfig, options: CodeBuildRunOptions = {}): Promise<CodeBuildRun> {
  const source = tempDir('codebuild-src');
  git(source, 'init', '--quiet');
  const sha = commitFiles(source, { [`${stack.dir}/main.tf`]: 'resource "terraform_data" "x" {}\n' });
  const bin = tempDir('codebuild-bin');
  const record = writeStandIns(bin);
  const s3Root = tempDir('codebuild-s3');
  for (const [key, body] of Object.entries(options.s3Objects ?? {})) {
    mkdirSync(join(s3Root, BUCKET, key, '..'), { recursive: true });
    writeFileSync(join(s3Root, BUCKET, key), body.replaceAll('<sha>', sha));
  }
  const scratch = tempDir('codebuild-tmp');
  const spec = runSpec(stack, { id: 'j-cb-1', sha, ...options.job });
  const action = spec.job.action;
  const buildspec = await loadBuildspec(buildspecDir, action);
  const planJobId = spec.job.planJobId;
  const env = {
    ...buildspec.env.variables,
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    STANDIN_RECORD: record,
    STANDIN_SECRET: SECRET,
    STANDIN_S3_ROOT: s3Root,
    CODEBUILD_SRC_DIR: source,
    CODEBUILD_RESOLVED_SOURCE_VERSION: sha,
    AWS_REGION: 'eu-west-1',
    TF_PLUGIN_CACHE_DIR: join(scratch, 'plugin-cache'),
    INFRABOT_ARTIFACT_DIR: join(scratch, 'artifacts'),
    INFRABOT_PLAN_ARTIFACT_DIR: join(scratch, 'plan-artifacts'),
    INFRABOT_WORK_DIR: join(scratch, 'work'),
    ...jobEnvironment(spec, {
      artifacts: `s3://${BUCKET}/jobs/${spec.job.id}`,
      ...(planJobId === undefined ? {} : { planArtifacts: `s3://${BUCKET}/jobs/${planJobId}`, planSha: sha }),
    }),
    ...options.env,
  };
  const logPath = join(scratch, 'log.txt');
  const result = await executeSteps({
    phases: stepsFor(buildspec, 'codebuild'),
    env: Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value?.replaceAll('<sha>', sha)])),
    cwd: source,
    stateDir: join(scratch, 'steps'),
    bash: '/bin/bash',
    logPath,
    resultPath: join(scratch, 'result'),
    signal: new AbortController().signal,
    killGraceMs: 500,
  });
  return {
    result,
    output: existsSync(logPath) ? readFileSync(logPath, 'utf8') : '',
    calls: readCalls(record),
    s3Root,
    workDir: join(scratch, 'work'),
    s3: (key) => readFileSync(join(s3Root, BUCKET, key), 'utf8'),
  };
}
