import { BatchGetBuildsCommand, type Build, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { BuildOutcome, JobStore } from '../../core/ports';
import { describedCall } from './aws-error';
import { consoleLogUrl, toBuildState } from './codebuild-status';

export interface CodeBuildPollerOptions {
  client: CodeBuildClient;
  jobs: Pick<JobStore, 'listJobs'>;
  /** Told the end of each build once it is seen finished (completeJob ignores a second report). */
  onFinished: (outcome: BuildOutcome) => Promise<void>;
  /** How often running jobs are checked; 20 seconds by default. */
  intervalMs?: number;
}

/** The phase that ended a build, e.g. `BUILD phase FAILED: COMMAND_EXECUTION_ERROR: …`. */
function failedPhase(build: Build): string | undefined {
  const phase = build.phases?.find((candidate) => candidate.phaseStatus && candidate.phaseStatus !== 'SUCCEEDED');
  if (!phase) return undefined;
  const context = (phase.contexts ?? []).map((entry) => entry.message ?? '').filter((line) => line.trim() !== '');
  const head = `${phase.phaseType} phase ${phase.phaseStatus}`;
  return context.length > 0 ? `${head}: ${context.join('; ')}` : head;
}

/**
 * Finds the end of CodeBuild builds by asking CodeBuild (BatchGetBuilds, 100 at a time), for a bot that
 * EventBridge cannot reach (`infrabot serve` driving CodeBuild). On AWS the notifier Lambda does this instead.
 */
export class CodeBuildPoller {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CodeBuildPollerOptions) {}

  /** Checks every running job with a build once; returns how many had finished. */
  async pollOnce(): Promise<number> {
    const running = await this.options.jobs.listJobs({ status: ['running'], limit: 100 });
    const byBuild = new Map(running.flatMap((job) => (job.build ? [[job.build.id, job.id] as const] : [])));
    if (byBuild.size === 0) return 0;
    const ids = [...byBuild.keys()];
    const result = await describedCall('codebuild_failed', `reading ${ids.length} codebuild builds`, () =>
      this.options.client.send(new BatchGetBuildsCommand({ ids })),
    );
    let finished = 0;
    for (const build of result.builds ?? []) {
      const state = toBuildState(build.buildStatus);
      const jobId = build.id && byBuild.get(build.id);
      if (state.state !== 'finished' || !jobId || !build.id) continue;
      const logUrl = build.logs?.deepLink ?? consoleLogUrl(build.arn);
      const detail = state.result === 'succeeded' ? undefined : failedPhase(build);
      await this.options.onFinished({
        jobId,
        buildId: build.id,
        result: state.result,
        ...(logUrl ? { logUrl } : {}),
        ...(detail ? { detail } : {}),
      });
      finished += 1;
    }
    return finished;
  }

  /** Polls every `intervalMs` until stopped; a failed round is reported to `onError` and retried next time. */
  start(onError: (activity: string, error: unknown) => void): void {
    const interval = this.options.intervalMs ?? 20_000;
    this.timer = setInterval(() => {
      this.pollOnce().catch((error: unknown) => onError('checking codebuild builds', error));
    }, interval);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
