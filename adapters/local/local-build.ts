import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Buildspec } from '../../core/buildspec/buildspec';
import { jobEnvironment } from '../../core/buildspec/environment';
import { stepsFor } from '../../core/buildspec/steps';
import type { RunSpec } from '../../core/ports';
import { BuildspecError, loadBuildspec } from './buildspec-file';
import { CheckoutError, type Worktrees } from './git-worktree';
import { findOnPath } from './run-process';
import { executeSteps } from './step-executor';

/** What one local build needs besides its spec. */
export interface LocalBuildContext {
  stateDir: string;
  buildspecDir: string;
  /** The machine's environment the steps start from (PATH, credentials). */
  env: NodeJS.ProcessEnv;
  worktrees: Worktrees;
  killGraceMs: number;
  signal: AbortSignal;
  log: Writable;
}

export type LocalBuildEnd = { result: 'succeeded' } | { result: 'failed'; detail: string } | { result: 'aborted' };

/**
 * Creates (or tightens) a directory only this user may enter: saved plans, `plan.json` and worktrees hold the
 * stacks' secret values in clear.
 */
export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}

/** The directory holding a job's artifacts and log. */
export function jobDir(stateDir: string, jobId: string): string {
  return join(stateDir, 'jobs', jobId);
}

/**
 * Runs one job's buildspec: checks out its commit into the stack's worktree (reset and cleaned, as good as
 * fresh) and runs the local steps there with bash. Expected failures (no terraform, an unknown commit, a failing step) are values.
 */
export async function runLocalBuild(spec: RunSpec, context: LocalBuildContext): Promise<LocalBuildEnd> {
  const binary = spec.terraformBinary;
  if ((await findOnPath(binary, context.env)) === undefined) {
    return { result: 'failed', detail: `${binary} not found on PATH` };
  }
  const plan = await planOfApply(spec, context.stateDir);
  if (!plan.ok) return { result: 'failed', detail: plan.detail };
  let buildspec: Buildspec;
  try {
    buildspec = await loadBuildspec(context.buildspecDir, spec.job.action);
  } catch (error) {
    if (error instanceof BuildspecError) return { result: 'failed', detail: error.message };
    throw error;
  }
  const scratch = await mkdtemp(join(tmpdir(), `infrabot-${spec.job.id}-`));
  const worktree = join(context.stateDir, 'worktrees', stackWorktreeName(spec.stack.name));
  try {
    return await runInWorktree(spec, context, { buildspec, scratch, worktree, ...plan });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The stack's own worktree directory, reused by its builds (which never run at once): the name with anything
 * but `A-Za-z0-9._-` replaced, and a hash of the name so that two stacks never share one.
 */
export function stackWorktreeName(stack: string): string {
  const hash = createHash('sha256').update(stack).digest('hex').slice(0, 8);
  return `${stack.replace(/[^A-Za-z0-9._-]/g, '_')}-${hash}`;
}

interface Workspace {
  buildspec: Buildspec;
  scratch: string;
  worktree: string;
  planDir?: string;
  planSha?: string;
}

async function runInWorktree(spec: RunSpec, context: LocalBuildContext, space: Workspace): Promise<LocalBuildEnd> {
  await privateDir(join(context.stateDir, 'worktrees'));
  try {
    await context.worktrees.checkout(spec.job.sha, space.worktree);
  } catch (error) {
    if (error instanceof CheckoutError) return { result: 'failed', detail: error.message };
    throw error;
  }
  if (context.signal.aborted) return { result: 'aborted' };
  if (!isDirectory(join(space.worktree, spec.stack.dir))) {
    return { result: 'failed', detail: `the stack directory "${spec.stack.dir}" does not exist at ${spec.job.sha}` };
  }
  const bash = (await findOnPath('bash', process.env)) ?? '/bin/bash';
  const steps = await executeSteps({
    phases: stepsFor(space.buildspec, 'local'),
    env: stepEnvironment(spec, context, space),
    cwd: space.worktree,
    stateDir: join(space.scratch, 'steps'),
    bash,
    output: context.log,
    signal: context.signal,
    killGraceMs: context.killGraceMs,
  });
  if (steps.ok) return { result: 'succeeded' };
  if (steps.aborted) return { result: 'aborted' };
  return {
    result: 'failed',
    detail: `${steps.phase} step failed with exit code ${steps.exitCode}: ${steps.command}`,
  };
}

/**
 * The bot's own secrets, never handed to a build: a plan runs the Terraform of any branch, and Terraform code
 * can read its environment (an `external` data source), so they would let it act as the bot.
 */
const botSecrets: readonly string[] = [
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'GITHUB_WEBHOOK_SECRET',
];

function withoutBotSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !botSecrets.includes(name)));
}

/** Buildspec defaults, then the machine's environment, then the job's variables (as CodeBuild overrides). */
function stepEnvironment(spec: RunSpec, context: LocalBuildContext, space: Workspace): NodeJS.ProcessEnv {
  const artifactDir = jobDir(context.stateDir, spec.job.id);
  const locations = {
    artifacts: artifactDir,
    ...(space.planDir === undefined ? {} : { planArtifacts: space.planDir }),
    ...(space.planSha === undefined ? {} : { planSha: space.planSha }),
  };
  return {
    ...space.buildspec.env.variables,
    TF_PLUGIN_CACHE_DIR: join(context.stateDir, 'plugin-cache'),
    ...withoutBotSecrets(context.env),
    ...jobEnvironment(spec, locations),
    INFRABOT_ARTIFACT_DIR: artifactDir,
    ...(space.planDir === undefined ? {} : { INFRABOT_PLAN_ARTIFACT_DIR: space.planDir }),
    INFRABOT_WORK_DIR: join(space.scratch, 'work'),
  };
}

type PlanOfApply = { ok: true; planDir?: string; planSha?: string } | { ok: false; detail: string };

/** For an apply: the plan job's artifact directory and the commit its saved plan records. */
async function planOfApply(spec: RunSpec, stateDir: string): Promise<PlanOfApply> {
  if (spec.job.action !== 'apply') return { ok: true };
  const planJobId = spec.job.planJobId;
  if (planJobId === undefined) {
    return { ok: false, detail: 'an apply needs the plan job it applies (planJobId); plan the stack first' };
  }
  const planDir = jobDir(stateDir, planJobId);
  if (!existsSync(join(planDir, 'tfplan'))) {
    return { ok: false, detail: `the plan job ${planJobId} left no saved plan (tfplan); plan the stack again` };
  }
  const recorded = await readFile(join(planDir, 'sha.txt'), 'utf8').catch(() => '');
  const planSha = recorded.trim();
  return { ok: true, planDir, ...(planSha === '' ? {} : { planSha }) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
