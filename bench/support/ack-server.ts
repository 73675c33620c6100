/**
 * A Slack endpoint for the acknowledgement benchmark, in its own process: `bot` is infrabot's real Bolt app
 * and listeners (SQLite store, in-process dispatcher, a runner that starts nothing), `bare` is a Bolt app
 * that only acks. Both talk to the Slack API stand-in whose URL they are given. Prints `port=<n>`.
 *
 * The bot is configured with `bench/stack-0` … `bench/stack-<count - 1>` (appliers: UAPPLIER), each with a
 * fresh successful plan by UAPPLIER at main whose saved `tfplan` is in the artifacts, so that `/tf plan` and
 * `/tf apply` of a stack not asked before pass every check, take the stack's lock and start a build. The
 * stack `aws/prod/network` is locked by someone else's running job, for the refusal in the ack.
 * `GET /bench/builds` answers how many builds the dispatcher started and how many it refused, and how many audit
 * lines were written; `GET /bench/cpu` (both apps) the CPU time the process has used.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { App, type CustomRoute, HTTPReceiver, LogLevel } from '@slack/bolt';
import { SqliteStore } from '../../adapters/local/sqlite-store';
import { acksFirst } from '../../bot/acks-first';
import { buildBotDeps } from '../../bot/bot-deps';
import { createSlackApp, healthRoute } from '../../bot/create-app';
import { registerListeners } from '../../bot/register-listeners';
import type { JobRequest } from '../../core/jobs/job-request';
import type { AuditEntry, BuildState, Runner, RunSpec } from '../../core/ports';
import { dispatchJob } from '../../core/usecases/dispatch-job';
import { FakeCommits } from '../../test/fakes/fake-ports';
import { awsStack, mainSha, testConfig } from '../../test/fixtures/config';
import { succeededPlan } from '../../test/fixtures/plan-job';
import { SAVED_PLAN, savedPlanDigest } from '../../test/fixtures/saved-plan';

const [mode = 'bot', stateDir = '.', slackApiUrl = '', stackCount = '0'] = process.argv.slice(2);
const signingSecret = 'bench-signing-secret';

/** Starts nothing: the benchmark measures the Slack path, not Terraform. */
class IdleRunner implements Runner {
  async start(spec: RunSpec) {
    return { id: `bench-${spec.job.id}` };
  }
  async cancel() {}
  async status(): Promise<BuildState> {
    return { state: 'running' };
  }
}

/** The bot's store, counting the audit lines written: every request writes at least one once its work is done. */
class CountingStore extends SqliteStore {
  audited = 0;
  override async appendAudit(entry: AuditEntry): Promise<void> {
    await super.appendAudit(entry);
    this.audited++;
  }
}

/** `GET /bench/cpu`: the CPU time this process has used so far, in microseconds (user and system). */
const cpuRoute: CustomRoute = {
  path: '/bench/cpu',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(process.cpuUsage()));
  },
};

async function startBare(): Promise<Server> {
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: '/slack/events',
    customRoutes: [cpuRoute],
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    token: 'xoxb-bench',
    // Bolt's defaults: one auth.test at start, its answer kept for every request.
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl },
  });
  app.command('/tf', async ({ ack }) => {
    await ack();
  });
  return (await app.start(0)) as Server;
}

const benchStacks = Array.from({ length: Number(stackCount) }, (_, index) =>
  awsStack(`bench/stack-${index}`, { appliers: ['UAPPLIER'] }),
);

/** A plan of each bench stack, finished a minute ago, and the lock of aws/prod/network held by another job. */
async function seed(store: CountingStore, now: Date): Promise<void> {
  const finishedAt = new Date(now.getTime() - 60_000).toISOString();
  for (const [index, stack] of benchStacks.entries()) {
    await store.createJob(
      succeededPlan({
        id: `j-seed-${index}`,
        stack: stack.name,
        createdAt: finishedAt,
        finishedAt,
        planDigest: savedPlanDigest,
      }),
    );
  }
  await store.acquireLock(
    {
      stack: 'aws/prod/network',
      owner: { kind: 'job', jobId: 'j-held-0001' },
      jobId: 'j-held-0001',
      heldBy: 'UBOB',
      ttlMs: 3_600_000,
    },
    now,
  );
}

async function startBot(): Promise<Server> {
  const config = testConfig({ stacks: [...testConfig().stacks, ...benchStacks] });
  const store = new CountingStore(join(stateDir, 'bench.db'), { checkpointInBackground: true });
  const clock = { now: () => new Date() };
  await seed(store, clock.now());
  const runner = new IdleRunner();
  const artifacts = {
    get: async (jobId: string) => (jobId.startsWith('j-seed-') ? Buffer.from(SAVED_PLAN) : undefined),
    put: async () => {},
  };
  const builds = { started: 0, refused: 0 };
  const buildsRoute: CustomRoute = {
    path: '/bench/builds',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...builds, audited: store.audited }));
    },
  };
  const app = createSlackApp(
    { signingSecret, botToken: 'xoxb-bench', apiUrl: slackApiUrl },
    { kind: 'http', customRoutes: [healthRoute, buildsRoute, cpuRoute] },
  );
  let reporter: ReturnType<typeof buildBotDeps>['reporter'] | undefined;
  const dispatcher = {
    dispatch: async (request: JobRequest) => {
      if (!reporter) return;
      const outcome = await dispatchJob(request, { config, store, clock, runner, reporter, artifacts });
      builds[outcome.ok ? 'started' : 'refused']++;
    },
  };
  const deps = buildBotDeps(app, {
    config,
    store,
    clock,
    runner,
    commits: new FakeCommits({ main: mainSha }),
    dispatcher,
    logError: () => {},
    afterAck: acksFirst(app, () => {}).afterAck,
  });
  reporter = deps.reporter;
  registerListeners(app, deps);
  return (await app.start(0)) as Server;
}

// Both apps reach the same Slack API stand-in, in its own process (the bare app looks up its bot id once there).
const server = mode === 'bare' ? await startBare() : await startBot();
process.stdout.write(`port=${(server.address() as AddressInfo).port}\n`);
process.on('SIGINT', () => process.exit(0));
