import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildProcess, BuildRef, Job, JobAction } from '../../core/jobs/job';
import type { BuildResult, BuildState, LostBuilds, Runner, RunSpec } from '../../core/ports';
import { appendToBuildFile, readBuildFile, replaceBuildFile } from './build-files';
import type { DriverEnd, DriverOrder } from './driver-files';
import { watchDriver } from './driver-process';
import { Drivers } from './drivers';
import { Worktrees } from './git-worktree';
import { KeyedQueue, type QueuedTask } from './job-queue';
import { buildLogPath, jobDir, type LocalBuildEnd, removeWorkspace, runLocalBuild } from './local-build';
import { describeOutcome, isBuildResult, timeoutDetail, toOutcome } from './local-build-outcome';
import type { LocalRunnerOptions } from './local-runner-options';
import { privateDir } from './private-dir';
import { stillRuns } from './process-tree';
import { findBwrap, type SandboxTools } from './sandbox';

export type { LocalRunnerOptions } from './local-runner-options';

/** A bug in how the runner was called (an id that cannot be used in a path). */
export class LocalRunnerError extends Error {
  override readonly name = 'LocalRunnerError';
  readonly code = 'invalid_run_spec';
}

interface Build {
  ref: BuildRef & { logUrl: string };
  jobId: string;
  action: JobAction;
  state: 'queued' | 'running' | 'finished';
  result?: BuildResult;
  /** Why the bot is stopping the build, once it is. */
  stopReason?: string;
  /** Set when the build ran past its timeout before its driver (which keeps the time from then on) started. */
  timedOut?: string;
  /** The bot's timer for the build's timeout, until the build's driver takes the deadline over. */
  timeoutTimer?: NodeJS.Timeout;
  /** The detached driver running its steps, once started (or found again after a restart). */
  driver?: BuildProcess;
  /** Aborted to stop a build before its driver starts. */
  controller: AbortController;
  done: Promise<void>;
  markDone: () => void;
}

/** What the jobs a shutdown stops say. */
const shutdownReasons = {
  queued: 'infrabot was shutting down before its build started; run it again',
  plan: 'infrabot was shutting down; plan again',
};

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const BUILD_PREFIX = 'local-';

/**
 * Runs jobs on this machine with the steps of `buildspecs/*.yml` (CodeBuild-only steps skipped): each in a
 * fresh git worktree of the job's commit, artifacts and log under `<stateDir>/jobs/<jobId>/`. Builds of
 * different stacks run in parallel up to `concurrency`; builds of one stack wait for each other. The steps run in
 * a detached driver process (build-driver.ts), so a build outlives a crash of the bot and is found again by
 * `resume` after the restart.
 */
export class LocalRunner implements Runner, LostBuilds {
  private readonly builds = new Map<string, Build>();
  private readonly tasks = new Map<Build, QueuedTask>();
  private readonly queue: KeyedQueue;
  private readonly worktrees: Worktrees;
  private readonly drivers: Drivers;
  /** `bwrap`, found once, when builds run sandboxed. */
  private bwrap?: Promise<SandboxTools | undefined>;
  /** Set by `shutdown`: no build runs any more (one started now is reported cancelled). */
  private draining = false;

  constructor(private readonly options: LocalRunnerOptions) {
    this.queue = new KeyedQueue(options.concurrency);
    this.worktrees = new Worktrees(options.repoDir);
    this.drivers = new Drivers(options.stateDir);
  }

  /**
   * Queues the job and returns at once; the same job started twice is one build. During a shutdown the build
   * never runs: it is reported cancelled with the reason.
   */
  async start(spec: RunSpec): Promise<BuildRef> {
    for (const id of [spec.job.id, spec.job.planJobId]) {
      if (id !== undefined && !idPattern.test(id)) throw new LocalRunnerError(`job id "${id}" is not usable here`);
    }
    const buildId = `${BUILD_PREFIX}${spec.job.id}`;
    const existing = this.builds.get(buildId);
    if (existing !== undefined) return existing.ref;
    const dir = jobDir(this.options.stateDir, spec.job.id);
    const logPath = buildLogPath(this.options.stateDir, spec.job.id);
    // Known before the first await, so that a shutdown starting meanwhile waits for its report.
    const build = this.newBuild(spec.job, buildId);
    this.builds.set(buildId, build);
    try {
      await privateDir(join(this.options.stateDir, 'jobs'));
      await mkdir(dir, { recursive: true });
      await replaceBuildFile(
        logPath,
        `[infrabot] ${spec.job.action} of ${spec.stack.name} at ${spec.job.sha} queued\n`,
      );
    } catch (error) {
      this.builds.delete(buildId);
      build.markDone();
      throw error;
    }
    // Its start overlaps this build's checkout, when it is not waiting already since the last build.
    this.prepareDriver();
    if (this.draining) {
      build.stopReason ??= shutdownReasons.queued;
      await this.finish(build, { result: 'aborted', endedCleanly: true });
    } else {
      const task = { key: spec.stack.name, run: () => this.run(build, spec, logPath) };
      this.tasks.set(build, task);
      this.queue.add(task);
    }
    return build.ref;
  }

  /**
   * Stops a queued or running build (reported as `stopped`, with `reason`): its driver interrupts Terraform and
   * gives it its grace period before anything is killed. A finished or unknown build is left alone.
   */
  async cancel(buildId: string, reason: string): Promise<void> {
    const build = this.builds.get(buildId);
    if (build === undefined || build.state === 'finished') return;
    build.stopReason ??= reason;
    const task = this.tasks.get(build);
    if (build.state === 'queued' && task !== undefined && this.queue.remove(task)) {
      await this.finish(build, { result: 'aborted', endedCleanly: true });
      return;
    }
    build.controller.abort();
    if (build.driver !== undefined) await this.drivers.interrupt(build.jobId, build.driver, build.stopReason);
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
   * Takes back a job a restart lost: when its driver still runs (same pid, same start time) or left its end on
   * disk, the build is followed to its end and reported like any other (`resumed`); otherwise it died with the bot
   * (`gone`) and its workspace is removed.
   */
  async resume(job: Job): Promise<'resumed' | 'gone'> {
    if (!idPattern.test(job.id)) return 'gone';
    const ended = await this.drivers.hasEnded(job.id);
    // The store's copy is missing when the bot stopped before recording it; the driver's own directory has it.
    const driver = job.buildProcess ?? (await this.drivers.processOf(job.id));
    const runs = driver !== undefined && (await stillRuns(driver.processGroup, driver.startTicks));
    if (!ended && !runs) {
      await this.drivers.forget(job.id);
      await removeWorkspace(this.options.stateDir, job.id, this.worktrees).catch(() => undefined);
      return 'gone';
    }
    const buildId = job.build?.id ?? `${BUILD_PREFIX}${job.id}`;
    const build = this.newBuild(job, buildId, job.build?.logUrl);
    build.state = 'running';
    if (driver !== undefined) build.driver = driver;
    this.builds.set(buildId, build);
    void this.follow(build, !ended && driver !== undefined ? watchDriver(driver).ended : undefined);
    return 'resumed';
  }

  /** Has a build driver waiting before any build needs it (the first build then starts no driver either). */
  prepareDriver(): void {
    if (!this.draining) this.drivers.prepare();
  }

  /**
   * Drains the runner for a shutdown: nothing new starts, queued builds are cancelled and running plans stopped
   * (each reported with the reason), running applies finish (their timeout still applies), and it resolves once
   * every build has been reported.
   */
  async shutdown(): Promise<void> {
    this.draining = true;
    this.drivers.stopPreparing();
    await Promise.all(
      this.unfinished().map((build) => {
        if (build.state === 'queued') return this.cancel(build.ref.id, shutdownReasons.queued);
        if (build.action === 'plan') return this.cancel(build.ref.id, shutdownReasons.plan);
        return undefined;
      }),
    );
    // Builds whose start was under way when the shutdown began are reported too, before the store closes.
    for (let left = this.unfinished(); left.length > 0; left = this.unfinished()) {
      await Promise.all(left.map((build) => build.done));
    }
  }

  private unfinished(): Build[] {
    return [...this.builds.values()].filter((build) => build.state !== 'finished');
  }

  private newBuild(job: Pick<Job, 'id' | 'action'>, buildId: string, logUrl?: string): Build {
    let markDone = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    const logPath = buildLogPath(this.options.stateDir, job.id);
    const url = logUrl ?? this.options.logUrl?.(job.id) ?? pathToFileURL(logPath).href;
    return {
      ref: { id: buildId, logUrl: url },
      jobId: job.id,
      action: job.action,
      state: 'queued',
      controller: new AbortController(),
      done,
      markDone,
    };
  }

  private async run(build: Build, spec: RunSpec, logPath: string): Promise<void> {
    build.state = 'running';
    this.tasks.delete(build);
    const log = createWriteStream(logPath, { flags: 'a' });
    // One owner of the timeout at a time: this timer until the driver starts, then the driver, with the same deadline.
    const deadline = Date.now() + spec.timeoutMs;
    build.timeoutTimer = setTimeout(() => {
      build.timedOut = timeoutDetail(spec.timeoutMs);
      build.controller.abort();
    }, spec.timeoutMs);
    let cleanUp: (() => Promise<void>) | undefined;
    let end: LocalBuildEnd;
    try {
      const env = this.options.env ?? process.env;
      this.bwrap ??= this.options.sandbox === 'off' ? Promise.resolve(undefined) : findBwrap(env);
      const bwrap = await this.bwrap;
      const killGraceMs = this.options.killGraceMs ?? 10_000;
      end = await runLocalBuild(spec, {
        stateDir: this.options.stateDir,
        repoDir: this.options.repoDir,
        ...(bwrap === undefined ? {} : { bwrap }),
        buildspecDir: this.options.buildspecDir,
        env,
        worktrees: this.worktrees,
        killGraceMs,
        stopGraceMs: spec.job.action === 'apply' ? spec.stopGraceMs : killGraceMs,
        deadline,
        signal: build.controller.signal,
        log,
        runSteps: (order) => this.drive(build, order, log),
        cleanUpLater: (work) => {
          cleanUp = work;
        },
      });
    } catch (error) {
      end = { result: 'failed', detail: `the local runner failed unexpectedly: ${(error as Error).message}` };
    } finally {
      clearTimeout(build.timeoutTimer);
    }
    await new Promise<void>((resolve) => log.end(resolve));
    await this.finish(build, end);
    await cleanUp?.().catch((error: unknown) => {
      process.stderr.write(`infrabot: removing the worktree of build ${build.ref.id} failed: ${String(error)}\n`);
    });
    // Ready for the next build, started once nobody waits for this one.
    this.prepareDriver();
  }

  /**
   * Runs a build's steps in a detached driver and waits for it (a stop asked for meanwhile reaches it). The driver
   * takes the timeout over from here; a build whose timeout passed already starts no driver.
   */
  private async drive(build: Build, order: DriverOrder, log: WriteStream): Promise<DriverEnd> {
    clearTimeout(build.timeoutTimer);
    if (build.timedOut !== undefined) {
      return {
        steps: { ok: false, aborted: true, endedCleanly: true },
        stop: { kind: 'timed_out', detail: build.timedOut },
      };
    }
    // What the bot wrote to the log comes before what the driver writes.
    await new Promise<void>((resolve) => log.write('', () => resolve()));
    return this.drivers.run(build.jobId, order, async (driver) => {
      build.driver = driver;
      await this.options.onDriverStarted?.(build.jobId, driver).catch((error: unknown) => {
        process.stderr.write(`infrabot: recording the driver of ${build.jobId} failed: ${String(error)}\n`);
      });
      if (build.stopReason !== undefined) await this.drivers.interrupt(build.jobId, driver, build.stopReason);
    });
  }

  /** Follows a build found again after a restart to its end, then cleans up after it and reports it. */
  private async follow(build: Build, running: Promise<void> | undefined): Promise<void> {
    await running;
    const end = await this.drivers.endOf(build.jobId);
    await this.finish(build, end);
    await removeWorkspace(this.options.stateDir, build.jobId, this.worktrees).catch(() => undefined);
  }

  private async finish(build: Build, end: LocalBuildEnd): Promise<void> {
    if (build.state === 'finished') return;
    build.state = 'finished';
    this.tasks.delete(build);
    const outcome = toOutcome(
      { jobId: build.jobId, buildId: build.ref.id, logUrl: build.ref.logUrl, ...stopReasonOf(build) },
      end,
    );
    build.result = outcome.result;
    const dir = jobDir(this.options.stateDir, build.jobId);
    await appendToBuildFile(
      buildLogPath(this.options.stateDir, build.jobId),
      `[infrabot] ${describeOutcome(outcome)}\n`,
    ).catch(() => undefined);
    const record = { ...outcome, finishedAt: new Date().toISOString() };
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

function stopReasonOf(build: Build): { stopReason?: string; timedOut?: string } {
  return {
    ...(build.stopReason === undefined ? {} : { stopReason: build.stopReason }),
    ...(build.timedOut === undefined ? {} : { timedOut: build.timedOut }),
  };
}
