import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildRef } from '../../core/jobs/job';
import type { BuildOutcome, BuildResult, BuildState, Runner, RunSpec } from '../../core/ports';
import { readBuildFile, replaceBuildFile } from './build-files';
import { Worktrees } from './git-worktree';
import { KeyedQueue, type QueuedTask } from './job-queue';
import { jobDir, type LocalBuildEnd, runLocalBuild } from './local-build';
import { privateDir } from './private-dir';
import { findBwrap, type SandboxTools } from './sandbox';

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
  /** The environment builds start from; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** The address people open to read a job's log (its job page); a `file://` URL of the log when absent. */
  logUrl?: (jobId: string) => string;
  /** How long a stopped build gets between SIGTERM and SIGKILL (default 10 s). */
  killGraceMs?: number;
  /**
   * `auto` (the default) runs builds inside `bwrap` when it is on PATH and works here, with the state directory
   * hidden; `off` runs them as they are.
   */
  sandbox?: 'auto' | 'off';
}

/** A bug in how the runner was called (an id that cannot be used in a path). */
export class LocalRunnerError extends Error {
  override readonly name = 'LocalRunnerError';
  readonly code = 'invalid_run_spec';
}

interface Build {
  ref: BuildRef & { logUrl: string };
  spec: RunSpec;
  state: 'queued' | 'running' | 'finished';
  result?: BuildResult;
  /** Why the build is being stopped, once it is. */
  stopReason?: 'stopped' | 'timed_out';
  controller: AbortController;
  task: QueuedTask;
  done: Promise<void>;
  markDone: () => void;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const BUILD_PREFIX = 'local-';

/**
 * Runs jobs on this machine with the steps of `buildspecs/*.yml` (CodeBuild-only steps skipped): each in a
 * fresh git worktree of the job's commit, artifacts and log under `<stateDir>/jobs/<jobId>/`. Builds of
 * different stacks run in parallel up to `concurrency`; builds of one stack wait for each other.
 */
export class LocalRunner implements Runner {
  private readonly builds = new Map<string, Build>();
  private readonly queue: KeyedQueue;
  private readonly worktrees: Worktrees;
  /** `bwrap`, found once, when builds run sandboxed. */
  private bwrap?: Promise<SandboxTools | undefined>;

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
    await replaceBuildFile(logPath, `[infrabot] ${spec.job.action} of ${spec.stack.name} at ${spec.job.sha} queued\n`);
    const logUrl = this.options.logUrl?.(spec.job.id) ?? pathToFileURL(logPath).href;
    const build = this.newBuild(spec, { id: buildId, logUrl }, logPath);
    this.builds.set(buildId, build);
    this.queue.add(build.task);
    return build.ref;
  }

  /** Stops a queued or running build (reported as `stopped`); a finished or unknown build is left alone. */
  async cancel(buildId: string): Promise<void> {
    const build = this.builds.get(buildId);
    if (build === undefined || build.state === 'finished') return;
    build.stopReason ??= 'stopped';
    if (build.state === 'queued' && this.queue.remove(build.task)) {
      await this.finish(build, { result: 'aborted' });
      return;
    }
    build.controller.abort();
  }

  /** A build's state; one this runner no longer knows (before a restart) reads its recorded end. */
  async status(buildId: string): Promise<BuildState> {
    const build = this.builds.get(buildId);
    if (build !== undefined) {
      return build.result === undefined ? { state: 'running' } : { state: 'finished', result: build.result };
    }
    return { state: 'finished', result: await this.recordedResult(buildId) };
  }

  /** Stops every queued and running build and waits until each has been reported. */
  async shutdown(): Promise<void> {
    const open = [...this.builds.values()].filter((build) => build.state !== 'finished');
    await Promise.all(open.map((build) => this.cancel(build.ref.id)));
    await Promise.all(open.map((build) => build.done));
  }

  private newBuild(spec: RunSpec, ref: Build['ref'], logPath: string): Build {
    let markDone = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    const build: Build = {
      ref,
      spec,
      state: 'queued',
      controller: new AbortController(),
      task: { key: spec.stack.name, run: () => this.run(build, logPath) },
      done,
      markDone,
    };
    return build;
  }

  private async run(build: Build, logPath: string): Promise<void> {
    build.state = 'running';
    const timer = setTimeout(() => {
      build.stopReason ??= 'timed_out';
      build.controller.abort();
    }, build.spec.timeoutMs);
    const log = createWriteStream(logPath, { flags: 'a' });
    let cleanUp: (() => Promise<void>) | undefined;
    let end: LocalBuildEnd;
    try {
      const env = this.options.env ?? process.env;
      this.bwrap ??= this.options.sandbox === 'off' ? Promise.resolve(undefined) : findBwrap(env);
      const bwrap = await this.bwrap;
      end = await runLocalBuild(build.spec, {
        stateDir: this.options.stateDir,
        repoDir: this.options.repoDir,
        ...(bwrap === undefined ? {} : { bwrap }),
        buildspecDir: this.options.buildspecDir,
        env,
        worktrees: this.worktrees,
        killGraceMs: this.options.killGraceMs ?? 10_000,
        signal: build.controller.signal,
        log,
        cleanUpLater: (work) => {
          cleanUp = work;
        },
      });
    } catch (error) {
      end = { result: 'failed', detail: `the local runner failed unexpectedly: ${(error as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
    log.end(`[infrabot] ${describeEnd(build, end)}\n`);
    await new Promise<void>((resolve) => log.once('close', resolve).once('error', () => resolve()));
    await this.finish(build, end);
    await cleanUp?.().catch((error: unknown) => {
      process.stderr.write(`infrabot: removing the worktree of build ${build.ref.id} failed: ${String(error)}\n`);
    });
  }

  private async finish(build: Build, end: LocalBuildEnd): Promise<void> {
    if (build.state === 'finished') return;
    build.state = 'finished';
    const outcome = toOutcome(build, end);
    build.result = outcome.result;
    const record = { ...outcome, finishedAt: new Date().toISOString() };
    const dir = jobDir(this.options.stateDir, build.spec.job.id);
    await replaceBuildFile(join(dir, 'build.json'), `${JSON.stringify(record)}\n`).catch(() => undefined);
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
      const body = await readBuildFile(join(jobDir(this.options.stateDir, jobId), 'build.json'));
      const record = JSON.parse(body?.toString('utf8') ?? 'null');
      return isBuildResult(record?.result) ? record.result : 'stopped';
    } catch {
      return 'stopped';
    }
  }
}

function toOutcome(build: Build, end: LocalBuildEnd): BuildOutcome {
  const base = { jobId: build.spec.job.id, buildId: build.ref.id, logUrl: build.ref.logUrl };
  if (end.result === 'succeeded') return { ...base, result: 'succeeded' };
  if (end.result === 'failed') return { ...base, result: 'failed', detail: end.detail };
  if (build.stopReason === 'timed_out') {
    return {
      ...base,
      result: 'timed_out',
      detail: `the build ran longer than its timeout of ${formatDuration(build.spec.timeoutMs)}`,
    };
  }
  return { ...base, result: 'stopped', detail: 'the build was cancelled' };
}

function describeEnd(build: Build, end: LocalBuildEnd): string {
  const outcome = toOutcome(build, end);
  return outcome.detail === undefined ? outcome.result : `${outcome.result}: ${outcome.detail}`;
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
