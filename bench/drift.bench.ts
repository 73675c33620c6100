import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../adapters/local/sqlite-store';
import { tfCommands } from '../bot/tf/table';
import type { TfContext } from '../bot/tf/tf-command';
import { type Config, ConfigSchema } from '../core/config/schema';
import type { DriftStatus } from '../core/drift/drift-status';
import type { JobRequest } from '../core/jobs/job-request';
import type { ChatMessage } from '../core/ports';
import type { RequestDeps } from '../core/usecases/deps';
import { driftSchedule, driftStacks, startDriftRun } from '../core/usecases/start-drift-checks';
import { type BenchTable, defineBench } from './registry';

/**
 * Drift over 1,000 stacks, in process on the SQLite store: one scheduled run (how many checks, so builds, one
 * invocation starts, and how long marking 1,000 stacks and starting them takes), then `/tf drift` over 1,000
 * stacks whose last checks found every kind of state (goal: under 200 ms, the reply included).
 */

const stackCount = 1_000;
const rounds = 7;
const listingTargetMs = 200;
const sha = 'a'.repeat(40);

function config(concurrency: number): Config {
  return ConfigSchema.parse({
    repository: 'example-org/infra',
    drift: { channel: 'C0DRIFT', schedule: '0 6 * * 1-5', concurrency },
    stacks: Array.from({ length: stackCount }, (_, index) => ({
      name: `aws/team-${Math.floor(index / 50)}/stack-${index}`,
      dir: `stacks/${index}`,
      provider: 'aws',
      roles: {
        plan: 'arn:aws:iam::123456789012:role/infrabot-plan',
        apply: 'arn:aws:iam::123456789012:role/infrabot-apply',
      },
    })),
  });
}

/** Request deps over a fresh SQLite store whose dispatcher only counts what it is handed (no build runs). */
function world(concurrency: number, dir: string, round: number) {
  const store = new SqliteStore(join(dir, `state-${concurrency}-${round}.db`));
  const handed: JobRequest[] = [];
  let counter = 0;
  const deps: RequestDeps = {
    config: config(concurrency),
    store,
    clock: { now: () => new Date() },
    commits: { resolve: async () => ({ status: 'found', sha }), isOnBranchOrTag: async () => true },
    directory: { membersOf: async () => [], isFullMember: async () => true },
    dispatcher: { dispatch: async (request) => void handed.push(request) },
    randomId: () => `b${++counter}`,
  };
  return { deps, store, handed };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function scheduledRun(dir: string, concurrency: number): Promise<Array<string | number>> {
  const times: number[] = [];
  let started = 0;
  let waiting = 0;
  for (let round = 0; round < rounds; round += 1) {
    const { deps, store, handed } = world(concurrency, dir, round);
    const begin = performance.now();
    const start = await startDriftRun(new Date(), driftStacks(deps.config), driftSchedule, deps);
    times.push(performance.now() - begin);
    started = handed.length;
    waiting = start?.waiting ?? 0;
    store.close();
  }
  return [concurrency, started, waiting, median(times).toFixed(1)];
}

/** A stack's last check: mostly in sync, some drifted, a few failed, skipped or snoozed. */
function statusOf(stack: string, index: number, now: Date): DriftStatus {
  const checkedAt = new Date(now.getTime() - (index % 48) * 3_600_000).toISOString();
  const drifted = {
    kind: 'drifted' as const,
    fingerprint: `f${index}`,
    outside: [{ address: 'aws_security_group.web', action: 'update' as const, attributes: ['ingress', 'tags.Owner'] }],
    pending: [{ address: 'aws_s3_bucket.logs', action: 'create' as const }],
  };
  const base = { stack, requestedAt: checkedAt, checkedAt, jobId: `j-x-${index}` };
  if (index % 10 === 0) return { ...base, state: drifted, announcedFingerprint: drifted.fingerprint };
  if (index % 47 === 0) return { ...base, state: { kind: 'failed', reason: 'the build failed' } };
  if (index % 53 === 0) return { ...base, state: { kind: 'skipped', reason: 'locked by PR #12 (octocat)' } };
  return { ...base, state: { kind: 'in_sync' } };
}

async function listing(dir: string): Promise<BenchTable> {
  const { deps, store } = world(4, dir, 99);
  const now = new Date();
  for (const [index, stack] of deps.config.stacks.entries()) {
    const { stack: name, ...fields } = statusOf(stack.name, index, now);
    await store.updateDriftStatus(name, fields);
  }
  const replies: ChatMessage[] = [];
  const context = {
    userId: 'UBENCH',
    channelId: 'C0BENCH',
    triggerId: 't',
    reply: async (message: ChatMessage) => void replies.push(message),
    deps: { config: deps.config, store, clock: deps.clock, requests: deps },
  } as unknown as TfContext;
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const begin = performance.now();
    await tfCommands.drift.run([], context);
    times.push(performance.now() - begin);
  }
  store.close();
  const ms = median(times);
  const blocks = replies.at(-1)?.blocks?.length ?? 0;
  return {
    title: `/tf drift over ${stackCount} stacks (SQLite, median of ${rounds})`,
    columns: ['stacks', 'ms', 'blocks in the reply'],
    rows: [[stackCount, ms.toFixed(1), blocks]],
    notes: [`goal: under ${listingTargetMs} ms: ${ms < listingTargetMs ? 'met' : 'NOT met'}`],
  };
}

export default defineBench({
  name: 'drift',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-drift-bench-'));
    try {
      const runs = [await scheduledRun(dir, 4), await scheduledRun(dir, 50)];
      return [
        {
          title: `one scheduled drift run of ${stackCount} stacks (SQLite, median of ${rounds})`,
          columns: ['drift.concurrency', 'builds started by the invocation', 'stacks left waiting', 'ms'],
          rows: runs,
          notes: [
            'the others start one by one as checks end (the notifier on AWS), never more than concurrency at once',
          ],
        },
        await listing(dir),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
