import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { buildObjectUrls, s3ObjectSigner } from '../../../adapters/aws/build-object-urls';
import { loadBuildspec } from '../../../adapters/local/buildspec-file';
import { executeSteps, type StepsResult } from '../../../adapters/local/step-executor';
import { jobEnvironment } from '../../../core/buildspec/environment';
import { stepsFor } from '../../../core/buildspec/steps';
import type { StackConfig } from '../../../core/config/schema';
import type { Job } from '../../../core/jobs/job';
import { sha256Hex } from '../../../core/jobs/plan-digest';
import { changesDigest } from '../../../core/plan/changes-digest';
import { commitFiles, git, tempDir } from '../../support/git-repo';
import { buildspecDir, runSpec } from '../../support/run-spec';
import { startS3rver } from '../../support/s3rver';
import { standInPlanOf } from '../../support/stand-in-plan-file';
import { type Call, readCalls, standInPlanJson, writeStandIns } from '../../support/stand-ins';

/** The configuration of every test's stack. */
const STACK_MAIN_TF = 'resource "terraform_data" "x" {}\n';

/** The value every stand-in secret (GitHub key, New Relic key, AWS secret key) has: it must never be printed. */
export const SECRET = 'sEcReT-4f1c9e2b-never-print-me';
export const BUCKET = 'infrabot-artifacts-123456789012';
/** What the stand-in terraform saves as the plan of the build's stack (every test's stack has the same main.tf). */
export const STANDIN_PLAN: Buffer = standInPlanOf({ 'main.tf': STACK_MAIN_TF });

export interface CodeBuildRun {
  result: StepsResult;
  /** Everything the build printed (what CloudWatch would show). */
  output: string;
  calls: Call[];
  /** Every object in the bucket after the build, by key. */
  objects: Record<string, Buffer>;
  workDir: string;
  /** The environment the build got (the dispatcher's overrides included). */
  env: Record<string, string | undefined>;
  /** An object of the bucket after the build, as text. */
  s3(key: string): string;
  /** An object of the bucket after the build, as it is (a saved plan is a zip). */
  s3Bytes(key: string): Buffer;
}

export interface CodeBuildRunOptions {
  job?: Partial<Job>;
  /** Extra or changed environment (stand-in behaviour, CodeBuild variables). */
  env?: Record<string, string>;
  /** Objects put into the bucket before the build, by key. */
  s3Objects?: Record<string, string | Buffer>;
  /** For an apply: the digest its plan recorded (default: that of the stand-in plan). */
  planDigest?: string;
  /** For an apply: the digest of the reviewed changes its plan recorded (default: those of the stand-in plan). */
  changesDigest?: string;
}

/**
 * Runs a buildspec's CodeBuild steps (all of them, CodeBuild-only included) with bash in a temporary repository,
 * with stand-in `terraform` and `aws` first on PATH, and an s3rver as the artifacts bucket. The environment is
 * what CodeBuild would give: the buildspec's variables, the dispatcher's overrides (`jobEnvironment` and real
 * presigned URLs of the build's own objects, signed for the s3rver), and CodeBuild's own `CODEBUILD_*` variables.
 */
export async function runCodeBuild(stack: StackConfig, options: CodeBuildRunOptions = {}): Promise<CodeBuildRun> {
  const s3 = await startS3rver(BUCKET);
  try {
    for (const [key, body] of Object.entries(options.s3Objects ?? {})) {
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    }
    const run = await runSteps(stack, options, s3ObjectSigner(BUCKET, s3.config));
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const objects: Record<string, Buffer> = {};
    for (const { Key } of listed.Contents ?? []) {
      if (Key === undefined) continue;
      const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      objects[Key] = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    }
    const s3Bytes = (key: string) => {
      const body = objects[key];
      if (body === undefined) throw new Error(`no object ${key} in the bucket`);
      return body;
    };
    return { ...run, objects, s3Bytes, s3: (key: string) => s3Bytes(key).toString('utf8') };
  } finally {
    await s3.close();
  }
}

async function runSteps(stack: StackConfig, options: CodeBuildRunOptions, sign: ReturnType<typeof s3ObjectSigner>) {
  const source = tempDir('codebuild-src');
  git(source, 'init', '--quiet');
  const sha = commitFiles(source, { [`${stack.dir}/main.tf`]: STACK_MAIN_TF });
  const bin = tempDir('codebuild-bin');
  const record = writeStandIns(bin);
  const scratch = tempDir('codebuild-tmp');
  const job = { id: 'j-cb-1', sha, ...options.job };
  const planJobId = job.planJobId;
  const plan =
    job.action === 'apply' && planJobId !== undefined
      ? {
          jobId: planJobId,
          sha,
          tfplanDigest: options.planDigest ?? sha256Hex(STANDIN_PLAN),
          changesDigest: options.changesDigest ?? changesDigest(JSON.stringify(standInPlanJson)),
        }
      : undefined;
  const spec = runSpec(stack, job, plan === undefined ? {} : { plan });
  const buildspec = await loadBuildspec(buildspecDir, spec.job.action);
  const env: Record<string, string | undefined> = {
    ...buildspec.env.variables,
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    STANDIN_RECORD: record,
    STANDIN_SECRET: SECRET,
    CODEBUILD_SRC_DIR: source,
    CODEBUILD_RESOLVED_SOURCE_VERSION: sha,
    AWS_REGION: 'eu-west-1',
    TF_PLUGIN_CACHE_DIR: join(scratch, 'plugin-cache'),
    INFRABOT_ARTIFACT_DIR: join(scratch, 'artifacts'),
    INFRABOT_PLAN_ARTIFACT_DIR: join(scratch, 'plan-artifacts'),
    INFRABOT_WORK_DIR: join(scratch, 'work'),
    ...jobEnvironment(spec, { artifacts: `s3://${BUCKET}/jobs/${spec.job.id}` }),
    ...Object.fromEntries(await buildObjectUrls(spec, sign)),
    ...options.env,
  };
  mkdirSync(join(scratch, 'steps'), { recursive: true });
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const result = await executeSteps({
    phases: stepsFor(buildspec, 'codebuild'),
    env: Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value?.replaceAll('<sha>', sha)])),
    cwd: source,
    stateDir: join(scratch, 'steps'),
    bash: '/bin/bash',
    output,
    signal: new AbortController().signal,
    killGraceMs: 500,
  });
  return {
    result,
    output: Buffer.concat(chunks).toString('utf8'),
    calls: readCalls(record),
    workDir: join(scratch, 'work'),
    env,
  };
}
