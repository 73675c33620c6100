import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Buildspec } from '../../core/buildspec/buildspec';
import { jobEnvironment } from '../../core/buildspec/environment';
import { stepsFor } from '../../core/buildspec/steps';
import type { RunSpec } from '../../core/ports';
import type { BuildProcess } from './build-process';
import { BuildspecError, loadBuildspec } from './buildspec-file';
import { CheckoutError, type Worktrees } from './git-worktree';
import { findOnPath } from './run-process';
import { executeSteps, type StepsResult } from './step-executor';

/** What one local build needs besides its spec. */
export interface LocalBuildContext {
  stateDir: string;
  buildspecDir: string;
  /** The machine's environment the steps start from (PATH, credentials). */
  env: NodeJS.ProcessEnv;
  worktrees: Worktrees;
  killGraceMs: number;
  /** How long an interrupted apply's terraform gets to save its state before it is killed. */
  stopGraceMs: number;
  signal: AbortSignal;
  /** The build log, appended to by the build itself. */
  logPath: string;
  /** Told where the build runs as soon as it does, so that a restarted bot can find it again. */
  onStarted?: (started: StartedBuild) => Promise<void>;
}

/** A running build, as recorded for a bot restarted while it runs: its process and what to clean up after it. */
export interface StartedBuild {
  process: BuildProcess;
  /** The private scratch directory (the driver, the carried-over environment). */
  scratch: string;
  worktree: string;
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

/** Where a build's driver writes how it ended (read again by a bot restarted while the build ran). */
export function stepsResultPath(stateDir: string, jobId: string): string {
  return join(jobDir(stateDir, jobId), 'steps-result');
}

/**
 * Runs one job's buildspec: checks out its commit into a fresh worktree, runs the local steps there with bash,
 * and removes the worktree. Expected failures (no terraform, an unknown commit, a failing step) are values.
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
  const worktree = join(context.stateDir, 'worktrees', spec.job.id);
  try {
    return await runInWorktree(spec, context, { buildspec, scratch, worktree, ...plan });
  } finally {
    await context.worktrees.remove(worktree);
    await rm(scratch, { recursive: true, force: true });
  }
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
  await context.worktrees.remove(space.worktree);
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
    logPath: context.logPath,
    resultPath: stepsResultPath(context.stateDir, spec.job.id),
    signal: context.signal,
    killGraceMs: context.killGraceMs,
    ...(spec.job.action === 'apply'
      ? { interrupt: { binary: spec.terraformBinary, graceMs: context.stopGraceMs } }
      : {}),
    onStarted: async (process) => {
      await context.onStarted?.({ process, scratch: space.scratch, worktree: space.worktree });
    },
  });
  return endOfSteps(steps);
}

/** How a build ended, from how its steps ended. */
export function endOfSteps(steps: StepsResult): LocalBuildEnd {
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
