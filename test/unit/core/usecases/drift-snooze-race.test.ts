import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { SqliteStore } from '../../../../adapters/local/sqlite-store';
import type { Store } from '../../../../core/ports';
import { CompositeReporter } from '../../../../core/reporting/composite-reporter';
import { DriftReporter } from '../../../../core/reporting/drift-reporter';
import { completeJob } from '../../../../core/usecases/complete-job';
import type { DriftDeps } from '../../../../core/usecases/record-drift-check';
import { requestDriftCheck, snoozeDrift } from '../../../../core/usecases/request-drift-check';
import { RecordingChat } from '../../../fakes/fake-ports';
import { useCaseWorld } from '../../../fakes/use-case-world';
import { awsStack, testConfig } from '../../../fixtures/config';
import { sshOpenedPlan } from '../../../fixtures/drift-plans';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';
import { tempDir } from '../../../support/git-repo';

const stack = 'aws/app-0';
const planner = { source: 'slack' as const, id: 'UPLANNER' };
const applier = { source: 'slack' as const, id: 'UAPPLIER' };
let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

/**
 * The store, with a way to hold the next drift read: it reads at once, but answers only when released, so that
 * another writer's whole turn fits between that read and the write made from it.
 */
function holdingReads(store: Store) {
  let held: Promise<void> | undefined;
  let reached = () => {};
  const proxy = new Proxy(store, {
    get(target, property) {
      if (property === 'getDriftStatus') {
        return async (name: string) => {
          const read = await target.getDriftStatus(name);
          const gate = held;
          held = undefined;
          if (gate) reached();
          await gate;
          return read;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  /** Holds the next drift read; `reached` resolves once it was made, `release` lets it answer. */
  const holdNextRead = () => {
    let release = () => {};
    held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const made = new Promise<void>((resolve) => {
      reached = resolve;
    });
    return { release, reached: made };
  };
  return { store: proxy, holdNextRead };
}

/** A drift world over `store`: aws/app-0 drifted (announced), and a second check of it running. */
async function driftedAndChecking(store: Store) {
  const held = holdingReads(store);
  const config = testConfig({
    stacks: [awsStack(stack, { appliers: ['UAPPLIER'], planners: ['UPLANNER', 'UAPPLIER'] })],
    drift: { channel: 'C0DRIFT' },
  });
  const world = useCaseWorld(config, held.store);
  const deps: DriftDeps = { ...world.requestDeps, chat: new RecordingChat() };
  const reporter = new CompositeReporter([world.reporter, new DriftReporter(() => deps)], (_, error) => {
    throw error;
  });
  world.completionDeps.reporter = reporter;
  world.dispatchDeps.reporter = reporter;
  /** Ends the stack's running check with the same drift: the `getDriftStatus` it starts with comes first. */
  const finish = async (jobId: string) => {
    await world.artifacts.put(jobId, 'plan.json', JSON.stringify(sshOpenedPlan()));
    await world.artifacts.put(jobId, 'tfplan', 'saved plan');
    world.clock.advance(60_000);
    await completeJob({ jobId, buildId: `build-${jobId}`, result: 'succeeded' }, world.completionDeps);
  };
  const runningCheck = async () => (await held.store.getDriftStatus(stack))?.jobId ?? '';
  await requestDriftCheck(stack, planner, world.requestDeps);
  await finish(await runningCheck());
  const first = await held.store.getDriftStatus(stack);
  const fingerprint = first?.state?.kind === 'drifted' ? first.state.fingerprint : '';
  world.clock.advance(60_000);
  await requestDriftCheck(stack, planner, world.requestDeps);
  return { ...world, ...held, finish, runningCheck, fingerprint };
}

const stores: Array<[string, () => Promise<Store>]> = [
  ['SQLite', async () => new SqliteStore(`${tempDir('drift-race')}/state.db`)],
  [
    'DynamoDB (dynalite)',
    async () => {
      tables += 1;
      const tableName = `infrabot-drift-race-${tables}`;
      await dynamo.createTable(tableName);
      return new DynamoDbStore({ client: dynamo.client, tableName });
    },
  ],
];

describe.each(stores)('Snooze beside the end of a drift check, over %s', (_name, openStore) => {
  it('keeps what the check found when a snooze read the record before the check ended', async () => {
    // Prepare
    const world = await driftedAndChecking(await openStore());
    const check = await world.runningCheck();

    // Act: the snooze reads, the check ends, then the snooze writes
    const hold = world.holdNextRead();
    const snoozing = snoozeDrift(stack, world.fingerprint, applier, world.requestDeps);
    await hold.reached;
    await world.finish(check);
    hold.release();
    expect(await snoozing).toMatchObject({ ok: true });

    // Assess: the check's end is kept (the stack is no longer `checking`), and so is the snooze
    const status = await world.store.getDriftStatus(stack);
    expect(status?.checkedAt).toBe(world.clock.now().toISOString());
    expect(status?.checkedAt && status.requestedAt && status.checkedAt >= status.requestedAt).toBe(true);
    expect(status?.snoozed).toMatchObject({ fingerprint: world.fingerprint });
  });

  it('keeps the snooze when the check read the record before the snooze and ended after it', async () => {
    // Prepare
    const world = await driftedAndChecking(await openStore());
    const check = await world.runningCheck();

    // Act: the check's end reads, the snooze is written, then the check's end writes
    const hold = world.holdNextRead();
    const finishing = world.finish(check);
    await hold.reached;
    expect(await snoozeDrift(stack, world.fingerprint, applier, world.requestDeps)).toMatchObject({ ok: true });
    hold.release();
    await finishing;

    // Assess
    const status = await world.store.getDriftStatus(stack);
    expect(status?.snoozed).toMatchObject({ fingerprint: world.fingerprint });
    expect(status?.checkedAt).toBe(world.clock.now().toISOString());
  });
});
