import type { Job } from '../jobs/job';
import type { JobReporter } from '../ports';
import { type DriftDeps, recordDriftCheck } from '../usecases/record-drift-check';

/**
 * Hears the end of every job and records those of drift checks (see `recordDriftCheck`): the drift channel,
 * the GitHub issue and the next checks of the run. Other jobs pass by.
 */
export class DriftReporter implements JobReporter {
  constructor(private readonly deps: () => DriftDeps | undefined) {}

  async jobStarted(_job: Job): Promise<void> {}

  /** Every drift report is sent before `jobFinished` returns. */
  async settled(): Promise<void> {}

  async jobFinished(job: Job): Promise<void> {
    const deps = this.deps();
    if (job.kind !== 'drift' || !deps) return;
    await recordDriftCheck(job, deps);
  }
}
