import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import type { BuildOutcome, JobStore } from '../../core/ports';
import { buildsPerCall, readBuildEnds } from './codebuild-build-ends';

export interface CodeBuildPollerOptions {
  client: CodeBuildClient;
  jobs: Pick<JobStore, 'listJobs'>;
  /** Told the end of each build once it is seen finished (completeJob ignores a second report). */
  onFinished: (outcome: BuildOutcome) => Promise<void>;
  /** How often running jobs are checked; 20 seconds by default. */
  intervalMs?: number;
}

/**
 * Finds the end of CodeBuild builds by asking CodeBuild (BatchGetBuilds, 100 at a time), for a bot that
 * EventBridge cannot reach (`infrabot serve` driving CodeBuild). On AWS, EventBridge brings each build's end to
 * the notifier Lambda, whose scheduled sweep reads builds the same way (`readBuildEnds`) for events that were lost.
 */
export class CodeBuildPoller {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CodeBuildPollerOptions) {}

  /** Checks every running job with a build once (the newest 100); returns how many had finished. */
  async pollOnce(): Promise<number> {
    const running = await this.options.jobs.listJobs({ status: ['running'], limit: buildsPerCall });
    const { ended } = await readBuildEnds(this.options.client, running);
    for (const outcome of ended) await this.options.onFinished(outcome);
    return ended.length;
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
