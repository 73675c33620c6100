import { fileURLToPath } from 'node:url';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { readAwsSettings, readQueuedTimeoutMs } from '../../adapters/aws/aws-settings';
import { DynamoDbStore } from '../../adapters/aws/dynamodb-store';
import { S3Artifacts } from '../../adapters/aws/s3-artifacts';
import { SecretReader } from '../../adapters/aws/secrets';
import { loadConfigFile } from '../../adapters/config/config-file';
import type { Job } from '../../core/jobs/job';
import type { BuildOutcome } from '../../core/ports';
import { DriftReporter } from '../../core/reporting/drift-reporter';
import { completeJob } from '../../core/usecases/complete-job';
import type { CompletionDeps } from '../../core/usecases/deps';
import type { DriftDeps } from '../../core/usecases/record-drift-check';
import type { Outcome } from '../../core/usecases/refusal';
import { renewLockOfStartedBuild } from '../../core/usecases/renew-job-locks';
import { driftSchedule, startDueDriftChecks } from '../../core/usecases/start-drift-checks';
import {
  defaultQueuedTimeoutMs,
  type SweepReport,
  type SweptCompletion,
  sweepJobs,
} from '../../core/usecases/sweep-jobs';
import { randomId, systemClock } from '../shared/clock';
import { connectGitHubFromEnv } from '../shared/github';
import { once } from '../shared/memo';
import { logFailure } from '../shared/observability';
import { slackClient, slackPorts } from '../shared/slack-reporting';

type Env = Readonly<Record<string, string | undefined>>;

/** How long an event's build id and status are remembered, so that a redelivery changes nothing. */
const rememberSeconds = 24 * 3600;
/** A sweep starts no further job with less time than this left before the Lambda's timeout. */
const sweepReserveMs = 10_000;

export interface Completion {
  result: Outcome<{ job: Job }>;
  /** True when this build id and status were handled before: the stored result was returned, nothing ran. */
  replayed: boolean;
}

export interface NotifierDeps {
  /** Records a build's end once per build id and status (Powertools Idempotency, in the infrabot table). */
  complete(outcome: BuildOutcome, context?: Context): Promise<Completion>;
  /**
   * Finishes the jobs whose end was lost (`sweepJobs`): ended builds are recorded through `complete`, so a
   * late event for the same build changes nothing; jobs queued longer than INFRABOT_QUEUED_TIMEOUT_SECONDS
   * (15 minutes when unset) are failed.
   */
  sweep(context?: Context): Promise<SweepReport>;
  /** A build left CodeBuild's queue: its job's lock is extended from now (`renewLockOfStartedBuild`). */
  buildStarted(jobId: string): Promise<boolean>;
  /**
   * With drift checks: starts the checks a run still waits for (should the end of one have been lost) and
   * counts the stacks drifted and not snoozed, for the `DriftedStacks` metric. Undefined without drift.
   */
  driftTick(): Promise<{ drifted: number; started: string[] } | undefined>;
}

/**
 * What moves waiting applies on when a build ends (`advanceWaitingApplies`): the dispatcher Lambda, invoked
 * for the plan made again and the apply after it. Without INFRABOT_DISPATCHER_FUNCTION, applies never wait
 * here (a deployment always sets it).
 */
async function orderedAppliesFrom(env: Env): Promise<Pick<CompletionDeps, 'orderedApplies'>> {
  const functionName = env.INFRABOT_DISPATCHER_FUNCTION;
  if (!functionName) return {};
  const [{ LambdaClient }, { LambdaDispatcher }] = await Promise.all([
    import('@aws-sdk/client-lambda'),
    import('../../adapters/aws/lambda-dispatcher'),
  ]);
  return {
    orderedApplies: { dispatcher: new LambdaDispatcher({ client: new LambdaClient({}), functionName }), randomId },
  };
}

/** The CodeBuild client, loaded on the first sweep only: a build's own event never needs it. */
const codebuild = once(async () => (await import('../../adapters/aws/codebuild-build-ends')).buildEndsReader());

/** The notifier's adapters: DynamoDB, S3 and Slack, configured from the environment. */
export async function notifierDeps(env: Env, logger: Logger): Promise<NotifierDeps> {
  const settings = readAwsSettings(env, ['artifacts'], fileURLToPath(new URL('infrabot.yaml', import.meta.url)));
  const queuedTimeoutMs = readQueuedTimeoutMs(env, defaultQueuedTimeoutMs);
  const config = await loadConfigFile(settings.configPath);
  const dynamodb = new DynamoDBClient({});
  const store = new DynamoDbStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName: settings.table });
  const artifacts = new S3Artifacts({ client: new S3Client({}), bucket: settings.bucket });
  const secrets = new SecretReader(env);
  const github = await connectGitHubFromEnv(env, secrets, config.repository, store);
  let driftDeps: DriftDeps | undefined;
  // The end of a drift check is recorded, announced and followed by the next checks of its run.
  const drift = new DriftReporter(() => driftDeps);
  const onError = (activity: string, error: unknown) => logFailure(logger, activity, error);
  const githubReporters = github
    ? [
        (await import('../../adapters/github/connect')).githubReporter(
          github,
          store,
          { ...config.github, stacks: config.stacks },
          onError,
        ),
      ]
    : [];
  const others = [...githubReporters, drift];
  const { reporter, chat, directory } = slackPorts(await slackClient(env, secrets), config, logger, others);
  // Drift's clients (GitHub commits, the dispatcher Lambda) load only when infrabot.yaml has a drift section.
  if (config.drift) {
    const { driftDepsFromEnv } = await import('../shared/drift');
    driftDeps = await driftDepsFromEnv({ env, config, store, chat, directory, github });
  }
  const deps = { config, store, clock: systemClock, artifacts, reporter, ...(await orderedAppliesFrom(env)) };
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: '[buildId, result]',
    expiresAfterSeconds: rememberSeconds,
  });
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: settings.table,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: 'idempotency#notifier',
    expiryAttr: 'ttl',
    awsSdkV3Client: dynamodb,
  });
  const complete = async (outcome: BuildOutcome, context?: Context): Promise<Completion> => {
    if (context) idempotency.registerLambdaContext(context);
    let ran = false;
    const idempotent = makeIdempotent(
      (first: BuildOutcome) => {
        ran = true;
        return completeJob(first, deps);
      },
      { persistenceStore, config: idempotency },
    );
    const result = await idempotent(outcome);
    return { result, replayed: !ran };
  };
  /** `complete` for the sweep: an end being recorded right now (its event is in flight) is left to that event. */
  const completeSwept = async (outcome: BuildOutcome, context?: Context): Promise<SweptCompletion> => {
    try {
      const { result, replayed } = await complete(outcome, context);
      if (replayed) return { recorded: false, why: 'duplicate' };
      return result.ok ? { recorded: true, job: result.job } : { recorded: false, why: result.reason };
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) return { recorded: false, why: 'in_progress' };
      throw error;
    }
  };
  return {
    complete,
    buildStarted: (jobId) => renewLockOfStartedBuild(jobId, deps),
    driftTick: async () => {
      if (!driftDeps) return undefined;
      const { driftedStackCount } = await import('../shared/drift');
      const start = await startDueDriftChecks(driftSchedule, driftDeps);
      return { drifted: await driftedStackCount(store), started: start.started };
    },
    sweep: async (context) => {
      const buildEnds = await codebuild();
      return sweepJobs(
        { ...deps, buildEnds, complete: (outcome) => completeSwept(outcome, context) },
        {
          queuedTimeoutMs,
          ...(context ? { keepGoing: () => context.getRemainingTimeInMillis() > sweepReserveMs } : {}),
        },
      );
    },
  };
}
