import type { Job } from '../../core/jobs/job';
import type { JobRequest } from '../../core/jobs/job-request';
import type { Store } from '../../core/ports';
import type { CompletionDeps, DispatchDeps, RequestDeps } from '../../core/usecases/deps';
import { dispatchJob } from '../../core/usecases/dispatch-job';
import { mainSha, testConfig } from '../fixtures/config';
import { withSavedPlan } from '../fixtures/saved-plan';
import {
  FakeClock,
  FakeCommits,
  FakeDirectory,
  FakeRunner,
  MemoryArtifacts,
  RecordingDispatcher,
  RecordingReporter,
} from './fake-ports';
import { MemoryStore } from './memory-store';

/**
 * Everything the job use cases need, in memory (or over `store`: SQLite, DynamoDB), with the dispatcher running in
 * process.
 */
export function useCaseWorld<S extends Store = MemoryStore>(
  config = testConfig(),
  store: S = new MemoryStore() as Store as S,
) {
  const clock = new FakeClock();
  const runner = new FakeRunner();
  const reporter = new RecordingReporter();
  const artifacts = new MemoryArtifacts();
  const commits = new FakeCommits({ main: mainSha });
  const directory = new FakeDirectory({ sre: ['USRE'] });
  let counter = 0;
  const randomId = () => `r${++counter}`;
  const dispatchDeps: DispatchDeps = { config, store, clock, runner, reporter, artifacts };
  const dispatcher = new RecordingDispatcher((request: JobRequest) => dispatchJob(request, dispatchDeps));
  dispatchDeps.orderedApplies = { dispatcher, randomId };
  const requestDeps: RequestDeps = { config, store, clock, commits, directory, dispatcher, randomId };
  const completionDeps: CompletionDeps = {
    config,
    store,
    clock,
    artifacts,
    reporter,
    orderedApplies: { dispatcher, randomId },
  };
  /** Records a finished plan job with its saved plan and digest, ready to be applied. */
  const addPlan = async (job: Job) => store.createJob(await withSavedPlan(job, artifacts));
  return {
    addPlan,
    config,
    store,
    clock,
    runner,
    reporter,
    artifacts,
    commits,
    directory,
    dispatcher,
    requestDeps,
    dispatchDeps,
    completionDeps,
  };
}
