import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildRef, Job, JobAction } from '../../core/jobs/job';
import type { BuildOutcome, BuildResult, BuildState, Runner, RunSpec } from '../../core/ports';
import { isRunning, signalGroup } from './build-process';
import { type BuildRecord, readBuildRecord, writeBuildRecord } from './build-record';
import { Worktrees } from './git-worktree';
import { KeyedQueue, type QueuedTask } from './job-queue';
import { endOfSteps, jobDir, type LocalBuildEnd, privateDir, runLocalBuild, stepsResultPath } from './local-build';
import { readStepsResult, stopBuild } from './step-executor';

export interface LocalRunnerOptions {
  /** A local clone of the Terraform repository. */
  repoDir: string;
  /** Where job artifacts (`jobs/<jobId>/`), worktrees and the plugin cache live. */
  stateDir: string;
  /** The directory holding `plan.yml` and `apply.yml`. */
  buildspecDir: string;
  /** How many builds (of different stacks) run at once. */
  concurrency: number;
  /** Told exactly once about the end of every build started here. */
  onFinished: (outcome: BuildOutcome) => Promise<void>;
  /** Told the build's process as soon as it runs (to record it in the store). */
  onBuildStarted?: (jobId: string, build: BuildRef) => Promise<void>;
  /** The environment builds start from; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** The address people open to read a job's log (its job page); a `file://` URL of the log when absent. */
  logUrl?: (jobId: string) => string;
  /** How long a plan stopped at once gets between SIGTERM and SIGKILL (default 10 s). */
  killGraceMs?: number;
  /** How long an interrupted apply's terraform gets to save its state before it is killed (default 5 minutes). */
  stopGraceMs?: number;
  /** How often the liveness of a build found after a restart is checked (default 1 s). */
  pollMs?: number;
}

/** A bug in how the runner was called (an id that cannot be used in a path). */
export class LocalRunnerError extends Error {
  override readonly name = 'LocalRunnerError';
  readonly code = 'invalid_run_spec';
}

/** Why a build is being stopped, once it is. */
type StopReason = 'stopped' | 'timed_out' | 'shutdown';

interface Build {
  ref: BuildRef & { logUrl: string };
  jobId: string;
  action: JobAction;
  timeoutMs: number;
  state: 'queued' | 'running' | 'finished';
  result?: BuildResult;
  stopReason?: StopReason;
  /** Whether the build had started when it was stopped. */
  stoppedWhile?: 'queued' | 'running';
  controller: AbortController;
  task?: QueuedTask;
  timer?: NodeJS.Timeout;
  done: Promise<void>;
  markDone: () => void;
}

/** A lost build: one a restart found gone, with nothing recorded of how it ended. */
export type Reattached = 'running' | 'ended' | 'lost';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const BUILD_PREFIX = 'local-';

/**
 * Runs jobs on this machine with the steps of `buildspecs/*.yml` (CodeBuild-only steps skipped): each in a
 * fresh git worktree of the job's commit, artifacts and log under `<stateDir>/jobs/<jobId>/`. Builds of
 * different stacks run in parallel up to `concurrency`; builds of one stack wait for each other. A build runs
 * in a process group of its own that outlives the bot: a restarted bot finds it again (`reattach`).
 */
export class LocalRunner implements Runner {
  private readonly builds = new Map<string, Build>();
  private readonly queue: KeyedQueue;
  private readonly worktrees: Worktrees;

  constructor(private readonly options: LocalRunnerOptions) {
    this.queue = new KeyedQueue(options.concurrency);
    this.worktrees = new Worktrees(options.repoDir);
  }

  /** Queues the job and returns at once; the same job started twice is one build. */
  async start(spec: RunSpec): Promise<BuildRef> {
    for (const id of [spec.job.id, spec.job.planJobId]) {
      if (id !== undefined && !idPattern.test(id)) throw new LocalRunnerError(`job id "${id}" is not usable here`);
    }
    const buildId = `${BUILD_PREFIX}${spec.job.id}`;
    const existing = this.builds.get(buildId);
    if (existing !== undefined) return existing.ref;
    const dir = jobDir(this.options.stateDir, spec.job.id);
    await privateDir(join(this.options.stateDir, 'jobs'));
    await mkdir(dir, { recursive: true });
    const logPath = join(dir, 'log.txt');
    await writeFile(logPath, `[infrabot] ${spec.job.action} of ${spec.stack.name} at ${spec.job.sha} queued\n`);
    const logUrl = this.options.logUrl?.(spec.job.id) ?? pathToFileURL(logPath).href;
    const build = this.newBuild(spec.job, spec.timeoutMs, { id: buildId, logUrl });
    build.task = { key: spec.stack.name, run: () => this.run(build, spec, logPath) };
    this.builds.set(buildId, build);
    this.queue.add(build.task);
    return build.ref;
  }

  /**
   * Stops a queued or running build (reported as `stopped`): a plan at once; an apply by interrupting terraform
   * (SIGINT to terraform alone) and giving it the grace period to save its state, then killing it.
   */
  async cancel(buildId: string): Promise<void> {
    await this.stop(buildId, 'stopped');
  }

  /** A build's state; one this runner no longer knows (before a restart) reads its recorded end. */
  async status(buildId: string): Promise<BuildState> {
    const build = this.builds.get(buildId);
    if (build !== undefined) {
      return build.result === undefined ? { state: 'running' } : { state: 'finished', result: build.result };
    }
    return { state: 'finished', result: await this.recordedResult(buildId) };
  }

  /**
   * Finds the build of a job that an earlier bot started: still running (watched, its end reported through
   * `onFinished`), ended while no bot watched (its end, read from what it left on disk, reported now), or lost
   * (nothing runs and nothing says how it ended).
   */
  async reattach(job: Job): Promise<Reattached> {
    const buildId = job.build?.id;
    if (buildId === undefined || buildId !== `${BUILD_PREFIX}${job.id}` || !idPattern.test(job.id)) return 'lost';
    if (this.builds.has(buildId)) return 'running';
    const dir = jobDir(this.options.stateDir, job.id);
    const record = await readBuildRecord(dir);
    if (record === undefined) return 'lost';
    const running = await isRunning(record.process);
    if (
      !running &&
      (await readStepsResult(stepsResultPath(this.options.stateDir, job.id), record.scratch)) === undefined
    ) {
      await this.cleanUp(record);
      return 'lost';
    }
    const logUrl = this.options.logUrl?.(job.id) ?? pathToFileURL(join(dir, 'log.txt')).href;
    const build = this.newBuild(job, record.timeoutMs, { id: buildId, logUrl });
    build.state = 'running';
    this.builds.set(buildId, build);
    const ending = this.watch(build, record);
    if (running) return 'running';
    await ending;
    return 'ended';
  }

  /**
   * Shuts down: queued builds and running plans are stopped (reported as stopped by the shutdown), running
   * applies are left to finish (up to their timeout); resolves once every build has been reported.
   */
  async shutdown(): Promise<void> {
    const open = [...this.builds.values()].filter((build) => build.state !== 'finished');
    await Promise.all(
      open
        .filter((build) => build.state === 'queued' || build.action === 'plan')
        .map((build) => this.stop(build.ref.id, 'shutdown')),
    );
    await Promise.all(open.map((build) => build.done));
  }

  private async stop(buildId: string, reason: StopReason): Promise<void> {
    const build = this.builds.get(buildId);
    if (build === undefined || build.state === 'finished') return;
    build.stopReason ??= reason;
    build.stoppedWhile ??= build.state === 'queued' ? 'queued' : 'running';
    if (build.state === 'queued' && build.task !== undefined && this.queue.remove(build.task)) {
      await this.finish(build, { result: 'aborted' });
      return;
    }
    build.controller.abort();
  }

  private newBuild(job: Pick<Job, 'id' | 'action'>, timeoutMs: number, ref: Build['ref']): Build {
    let markDone = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    return {
      ref,
      jobId: job.id,
      action: job.action,
      timeoutMs,
      state: 'queued',
      controller: new AbortController(),
      done,
      markDone,
    };
  }

  private armTimeout(build: Build, remainingMs: number): void {
    build.timer = setTimeout(() => void this.stop(build.ref.id, 'timed_out'), Math.max(0, remainingMs));
  }

  private async run(build: Build, spec: RunSpec, logPath: string): Promise<void> {
    build.state = 'running';
    const startedAt = Date.now();
    this.armTimeout(build, spec.timeoutMs);
    let end: LocalBuildEnd;
    try {
      end = await runLocalBuild(spec, {
        stateDir: this.options.stateDir,
        buildspecDir: this.options.buildspecDir,
        env: this.options.env ?? process.env,
        worktrees: this.worktrees,
        killGraceMs: this.options.killGraceMs ?? 10_000,
        stopGraceMs: this.options.stopGraceMs ?? 300_000,
        signal: build.controller.signal,
        logPath,
        onStarted: async (started) => {
          const record = { ...started, jobId: spec.job.id, action: spec.job.action, binary: spec.terraformBinary };
          await writeBuildRecord(jobDir(this.options.stateDir, spec.job.id), {
            ...record,
            startedAt,
            timeoutMs: spec.timeoutMs,
          });
          await this.options.onBuildStarted?.(spec.job.id, { ...build.ref, process: started.process });
        },
      });
    } catch (error) {
      end = { result: 'failed', detail: `the local runner failed unexpectedly: ${(error as Error).message}` };
    }
    await this.finish(build, end);
  }

  /** Waits for a build an earlier bot started, stopping it the same safe way when asked to, then reports it. */
  private async watch(build: Build, record: BuildRecord): Promise<void> {
    this.armTimeout(build, record.startedAt + record.timeoutMs - Date.now());
    const pollMs = this.options.pollMs ?? 1_000;
    const gone = (async () => {
      while (await isRunning(record.process)) await new Promise((resolve) => setTimeout(resolve, pollMs));
    })();
    const stop = () => {
      const interrupt = record.action === 'apply' ? { binary: record.binary, graceMs: this.stopGraceMs } : undefined;
      void stopBuild(record.process, { stateDir: record.scratch, killGraceMs: this.killGraceMs, interrupt }, gone);
    };
    build.controller.signal.addEventListener('abort', stop, { once: true });
    await gone;
    signalGroup(record.process, 'SIGKILL');
    const steps = await readStepsResult(stepsResultPath(this.options.stateDir, record.jobId), record.scratch);
    await this.cleanUp(record);
    const end: LocalBuildEnd =
      steps === undefined
        ? { result: 'failed', detail: 'the build ended without recording how (it was killed)' }
        : endOfSteps(steps);
    await this.finish(build, build.controller.signal.aborted ? { result: 'aborted' } : end);
  }

  private get killGraceMs(): number {
    return this.options.killGraceMs ?? 10_000;
  }

  private get stopGraceMs(): number {
    return this.options.stopGraceMs ?? 300_000;
  }

  private async cleanUp(record: BuildRecord): Promise<void> {
    await this.worktrees.remove(record.worktree).catch(() => undefined);
    await rm(record.scratch, { recursive: true, force: true });
  }

  private async finish(build: Build, end: LocalBuildEnd): Promise<void> {
    if (build.state === 'finished') return;
    build.state = 'finished';
    clearTimeout(build.timer);
    const outcome = toOutcome(build, end);
    build.result = outcome.result;
    const dir = jobDir(this.options.stateDir, build.jobId);
    const line = outcome.detail === undefined ? outcome.result : `${outcome.result}: ${outcome.detail}`;
    await appendFile(join(dir, 'log.txt'), `[infrabot] ${line}\n`).catch(() => undefined);
    const record = { ...outcome, finishedAt: new Date().toISOString() };
    await writeFile(join(dir, 'build.json'), `${JSON.stringify(record)}\n`).catch(() => undefined);
    try {
      await this.options.onFinished(outcome);
    } catch (error) {
      process.stderr.write(`infrabot: reporting the end of build ${build.ref.id} failed: ${String(error)}\n`);
    } finally {
      build.markDone();
    }
  }

  private async recordedResult(buildId: string): Promise<BuildResult> {
    const jobId = buildId.startsWith(BUILD_PREFIX) ? buildId.slice(BUILD_PREFIX.length) : '';
    if (!idPattern.test(jobId)) return 'stopped';
    try {
      const record = JSON.parse(await readFile(join(jobDir(this.options.stateDir, jobId), 'build.json'), 'utf8'));
      return isBuildResult(record.result) ? record.result : 'stopped';
    } catch {
      return 'stopped';
    }
  }
}

function toOutcome(build: Build, end: LocalBuildEnd): BuildOutcome {
  const base = { jobId: build.jobId, buildId: build.ref.id, logUrl: build.ref.logUrl };
  if (end.result === 'succeeded') return { ...base, result: 'succeeded' };
  if (end.result === 'failed') return { ...base, result: 'failed', detail: end.detail };
  if (build.stopReason === 'timed_out') {
    return {
      ...base,
      result: 'timed_out',
      detail: `the build ran longer than its timeout of ${formatDuration(build.timeoutMs)}`,
    };
  }
  if (build.stopReason === 'shutdown') {
    const when = build.stoppedWhile === 'queued' ? 'before the build started' : `during the ${build.action}`;
    return { ...base, result: 'stopped', detail: `the bot shut down ${when}; run it again` };
  }
  return { ...base, result: 'stopped', detail: 'the build was cancelled' };
}

function isBuildResult(value: unknown): value is BuildResult {
  return value === 'succeeded' || value === 'failed' || value === 'stopped' || value === 'timed_out';
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms} ms`;
}
