import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Buildspec } from '../../core/buildspec/buildspec';
import { jobEnvironment } from '../../core/buildspec/environment';
import { stepsFor } from '../../core/buildspec/steps';
import type { RunSpec } from '../../core/ports';
import { buildEnvironment } from './build-environment';
import { BuildspecError, loadBuildspec } from './buildspec-file';
import type { DriverEnd, DriverOrder, DriverStop } from './driver-files';
import { CheckoutError, type Worktrees } from './git-worktree';
import { copyStateForPlan, keepLocalState, localStatePath } from './local-state';
import { privateDir } from './private-dir';
import { findOnPath } from './run-process';
import { botDirsToHide, type SandboxLayout, type SandboxTools } from './sandbox';
import { unreadableShell } from './unreadable-shell';

/** What one local build needs besides its spec. */
export interface LocalBuildContext {
  stateDir: string;
  /** The local clone the worktrees come from (read-only inside the sandbox). */
  repoDir: string;
  /** `bwrap` (and `env`), when builds run in a sandbox; undefined runs them as they are. */
  bwrap?: SandboxTools;
  buildspecDir: string;
  /** The machine's environment the steps start from (PATH, credentials). */
  env: NodeJS.ProcessEnv;
  worktrees: Worktrees;
  killGraceMs: number;
  /** How long Terraform gets, once a stop interrupts it, before the build is killed. */
  stopGraceMs: number;
  /** When the job's timeout ends (ms since the epoch), counted from the build's start: its driver gets what is left. */
  deadline: number;
  /** Aborting before the steps start ends the build at once; the steps themselves are stopped through their driver. */
  signal: AbortSignal;
  log: Writable;
  /** Runs the steps (in a detached driver, see build-driver.ts) and resolves with how they ended. */
  runSteps: (order: DriverOrder) => Promise<DriverEnd>;
  /**
   * Takes the removal of the worktree and scratch directory, to run once the build's end has been reported (the
   * person waiting for the plan does not wait for it too); without it, they are removed before returning.
   */
  cleanUpLater?: (cleanUp: () => Promise<void>) => void;
}

/**
 * `endedCleanly` for an aborted build: nothing had to be killed (Terraform, if running, ended on its interrupt);
 * `stop`: why its driver stopped it, when it did.
 */
export type LocalBuildEnd =
  | { result: 'succeeded' }
  | { result: 'failed'; detail: string }
  | { result: 'aborted'; endedCleanly: boolean; stop?: DriverStop };

/** The directory holding a job's artifacts and log. */
export function jobDir(stateDir: string, jobId: string): string {
  return join(stateDir, 'jobs', jobId);
}

/** A job's build log, in its job directory (what the bot, the driver and the job page append to and read). */
export function buildLogPath(stateDir: string, jobId: string): string {
  return join(jobDir(stateDir, jobId), 'log.txt');
}

/**
 * Runs one job's buildspec: checks out its commit into a fresh worktree, runs the local steps there with bash,
 * and removes the worktree. Expected failures (no terraform, an unknown commit, a failing step) are values.
 */
export async function runLocalBuild(spec: RunSpec, context: LocalBuildContext): Promise<LocalBuildEnd> {
  const worktree = join(context.stateDir, 'worktrees', spec.job.id);
  // Started first, the longest of what comes before the steps: the checks below run while git checks out.
  const checkedOut = checkOut(spec, context, worktree);
  // Awaited below; a failure that comes first is not an unhandled rejection meanwhile.
  checkedOut.catch(() => undefined);
  const cleanUp = () => removeWorkspace(context.stateDir, spec.job.id, context.worktrees);
  try {
    const binary = spec.terraformBinary;
    if ((await findOnPath(binary, context.env)) === undefined) {
      return { result: 'failed', detail: `${binary} not found on PATH` };
    }
    const plan = planOfApply(spec, context.stateDir);
    if (!plan.ok) return { result: 'failed', detail: plan.detail };
    let buildspec: Buildspec;
    try {
      buildspec = await loadBuildspec(context.buildspecDir, spec.job.action);
    } catch (error) {
      if (error instanceof BuildspecError) return { result: 'failed', detail: error.message };
      throw error;
    }
    // Under the state directory, which the sandbox hides from other builds (an apply's checked plan copy lives here).
    const scratch = join(context.stateDir, 'scratch', spec.job.id);
    await privateDir(join(context.stateDir, 'scratch'));
    await rm(scratch, { recursive: true, force: true });
    await privateDir(scratch);
    await privateDir(buildTmpDir(scratch));
    await privateDir(join(context.stateDir, 'steps'));
    await rm(stepsDir(context.stateDir, spec.job.id), { recursive: true, force: true });
    const checkout = await checkedOut;
    if (!checkout.ok) return { result: 'failed', detail: checkout.detail };
    return await runInWorktree(spec, context, { buildspec, scratch, worktree, ...plan });
  } finally {
    // Removed only once the checkout is over (git calls on the clone run one at a time, in order).
    await checkedOut.catch(() => undefined);
    if (context.cleanUpLater) context.cleanUpLater(cleanUp);
    else await cleanUp();
  }
}

type Checkout = { ok: true } | { ok: false; detail: string };

/** Checks the job's commit out into a fresh worktree at `worktree`; a commit that cannot be checked out is a value. */
async function checkOut(spec: RunSpec, context: LocalBuildContext, worktree: string): Promise<Checkout> {
  await privateDir(join(context.stateDir, 'worktrees'));
  await context.worktrees.remove(worktree);
  try {
    await context.worktrees.checkout(spec.job.sha, worktree);
    return { ok: true };
  } catch (error) {
    if (error instanceof CheckoutError) return { ok: false, detail: error.message };
    throw error;
  }
}

/** Removes what a build worked in: its worktree, scratch directory and plan state copy (also after a restart found it ended). */
export async function removeWorkspace(stateDir: string, jobId: string, worktrees: Worktrees): Promise<void> {
  await worktrees.remove(join(stateDir, 'worktrees', jobId));
  await rm(join(stateDir, 'scratch', jobId), { recursive: true, force: true });
  await rm(planStateDir(stateDir, jobId), { recursive: true, force: true });
  await rm(stepsDir(stateDir, jobId), { recursive: true, force: true });
}

/** How a build ended, from how its driver says its steps ended. */
export function endOfSteps({ steps, stop }: DriverEnd): LocalBuildEnd {
  if (steps.ok) return { result: 'succeeded' };
  if (steps.aborted) return { result: 'aborted', endedCleanly: steps.endedCleanly, ...(stop ? { stop } : {}) };
  return {
    result: 'failed',
    detail: `${steps.phase} step failed with exit code ${steps.exitCode}: ${steps.command}`,
  };
}

interface Workspace {
  buildspec: Buildspec;
  scratch: string;
  worktree: string;
  planDir?: string;
}

/** Runs the steps in the worktree, checked out. */
async function runInWorktree(spec: RunSpec, context: LocalBuildContext, space: Workspace): Promise<LocalBuildEnd> {
  if (context.signal.aborted) return { result: 'aborted', endedCleanly: true };
  if (!isDirectory(join(space.worktree, spec.stack.dir))) {
    return { result: 'failed', detail: `the stack directory "${spec.stack.dir}" does not exist at ${spec.job.sha}` };
  }
  const statePath = localStatePath(context.stateDir, spec.stack.name);
  const state = await keepLocalState(space.worktree, spec.stack.dir, statePath, spec.terraformBinary);
  if (!state.ok) return { result: 'failed', detail: state.detail };
  context.log.write(`[infrabot] ${state.note}\n`);
  // Made before the build starts: the sandbox binds it in.
  await mkdir(pluginCacheDir(context.stateDir, spec), { recursive: true });
  const bash = (await findOnPath('bash', process.env)) ?? '/bin/bash';
  const steps = stepsDir(context.stateDir, spec.job.id);
  await privateDir(steps);
  const shell = context.bwrap === undefined ? bash : await unreadableShell(bash, steps);
  if (context.signal.aborted) return { result: 'aborted', endedCleanly: true };
  const ended = await context.runSteps({
    phases: stepsFor(space.buildspec, 'local'),
    env: stepEnvironment(spec, context, space),
    cwd: space.worktree,
    stepsDir: steps,
    bash: shell,
    logPath: buildLogPath(context.stateDir, spec.job.id),
    deadline: context.deadline,
    timeoutMs: spec.timeoutMs,
    killGraceMs: context.killGraceMs,
    interrupt: { programs: [spec.terraformBinary], graceMs: context.stopGraceMs },
    ...(context.bwrap === undefined
      ? {}
      : { sandbox: { tools: context.bwrap, layout: await sandboxLayout(spec, context, space, shell) } }),
  });
  return endOfSteps(ended);
}

/** Plans and applies never share a writable plugin cache: a plan cannot plant a provider an apply would run. */
function pluginCacheDir(stateDir: string, spec: RunSpec): string {
  return join(stateDir, 'plugin-cache', spec.job.action);
}

/**
 * Where the environment and directory carried from one command to the next are saved: beside the scratch, never in
 * it, so that nothing a build's commands start can change what the next command sources.
 */
function stepsDir(stateDir: string, jobId: string): string {
  return join(stateDir, 'steps', jobId);
}

/**
 * Where a plan's copy of its stack's local state lives: beside the scratch, never in it, so that no build can
 * replace it (with a link to the state directory) before bwrap binds it for the next command.
 */
function planStateDir(stateDir: string, jobId: string): string {
  return join(stateDir, 'plan-state', jobId);
}

/**
 * What a sandboxed build sees of the state directory: its own worktree, job directory, scratch, plugin cache, and
 * its own stack's local state when the stack keeps one there (never another stack's): writable for an apply, a
 * copy for a plan. The bot's working directory is hidden, its home directory read-only.
 */
async function sandboxLayout(
  spec: RunSpec,
  context: LocalBuildContext,
  space: Workspace,
  shell: string,
): Promise<SandboxLayout> {
  const statePath = localStatePath(context.stateDir, spec.stack.name);
  const stackState = dirname(statePath);
  const kept = existsSync(stackState);
  const planCopy =
    kept && spec.job.action === 'plan'
      ? await copyStateForPlan(statePath, planStateDir(context.stateDir, spec.job.id))
      : undefined;
  return {
    stateDir: context.stateDir,
    repoDir: context.repoDir,
    ...(context.env.HOME === undefined ? {} : { home: context.env.HOME }),
    hidden: botDirsToHide(process.cwd(), context.env.HOME),
    writable: [
      space.worktree,
      jobDir(context.stateDir, spec.job.id),
      space.scratch,
      pluginCacheDir(context.stateDir, spec),
      ...(kept && planCopy === undefined ? [stackState] : []),
    ],
    readable: [shell, ...(space.planDir === undefined ? [] : [space.planDir])],
    overlays: planCopy === undefined ? [] : [{ source: planCopy, target: stackState }],
  };
}

/**
 * Buildspec defaults, then the allow-listed part of the machine's environment (see build-environment.ts), then
 * the job's variables (as CodeBuild overrides).
 */
function stepEnvironment(spec: RunSpec, context: LocalBuildContext, space: Workspace): NodeJS.ProcessEnv {
  const artifactDir = jobDir(context.stateDir, spec.job.id);
  const locations = {
    artifacts: artifactDir,
    ...(space.planDir === undefined ? {} : { planArtifacts: space.planDir }),
  };
  return {
    ...space.buildspec.env.variables,
    ...buildEnvironment(context.env),
    TF_PLUGIN_CACHE_DIR: pluginCacheDir(context.stateDir, spec),
    ...jobEnvironment(spec, locations),
    INFRABOT_ARTIFACT_DIR: artifactDir,
    ...(space.planDir === undefined ? {} : { INFRABOT_PLAN_ARTIFACT_DIR: space.planDir }),
    INFRABOT_WORK_DIR: join(space.scratch, 'work'),
    // Temporary files (terraform's, providers', mktemp's) stay in the build's scratch: the machine's /tmp is shared
    // with every other build, so a plan of any branch would read what an apply left there.
    TMPDIR: buildTmpDir(space.scratch),
  };
}

/** A build's own temporary directory: in its scratch, which no other build sees and which goes with the build. */
function buildTmpDir(scratch: string): string {
  return join(scratch, 'tmp');
}

type PlanOfApply = { ok: true; planDir?: string } | { ok: false; detail: string };

/**
 * For an apply: the plan job's artifact directory. Its commit and digest come from the job store (`spec.plan`);
 * the apply steps check the saved plan against them.
 */
function planOfApply(spec: RunSpec, stateDir: string): PlanOfApply {
  if (spec.job.action !== 'apply') return { ok: true };
  if (spec.plan === undefined) {
    return { ok: false, detail: 'an apply needs the plan it applies, with its digest; plan the stack first' };
  }
  const planDir = jobDir(stateDir, spec.plan.jobId);
  if (!existsSync(join(planDir, 'tfplan'))) {
    return { ok: false, detail: `the plan job ${spec.plan.jobId} left no saved plan (tfplan); plan the stack again` };
  }
  return { ok: true, planDir };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
