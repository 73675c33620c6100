import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { claimDelivery } from '../../../../adapters/github/delivery-claim';
import { SqliteStore } from '../../../../adapters/local/sqlite-store';
import type { LeaseStore } from '../../../../core/ports';
import { FakeClock } from '../../../fakes/fake-ports';
import { MemoryStore } from '../../../fakes/memory-store';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';

let dynamo: LocalDynamo;
let tables = 0;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

const stores: Array<[string, () => Promise<LeaseStore>]> = [
  ['MemoryStore', async () => new MemoryStore()],
  ['SqliteStore', async () => new SqliteStore(join(mkdtempSync(join(tmpdir(), 'infrabot-deliveries-')), 'state.db'))],
  [
    'DynamoDbStore on dynalite',
    async () => {
      const tableName = `infrabot-deliveries-${++tables}`;
      await dynamo.createTable(tableName);
      return new DynamoDbStore({ client: dynamo.client, tableName });
    },
  ],
];

const succeed = async () => undefined;
const failWith500 = async () => {
  throw new Error('GitHub answered 500');
};

describe.each(stores)('claimDelivery over %s', (_name, openStore) => {
  it('does not claim again a delivery whose work succeeded', async () => {
    // Prepare
    const store = await openStore();
    const clock = new FakeClock();
    await (await claimDelivery(store, clock, 'd-1'))?.settle(succeed);
    clock.advance(24 * 3_600_000);

    // Act
    const redelivered = await claimDelivery(store, clock, 'd-1');

    // Assess
    expect(redelivered).toBeUndefined();
  });

  it('claims again a delivery whose work failed, and lets the failure reach the caller', async () => {
    // Prepare
    const store = await openStore();
    const clock = new FakeClock();
    const first = await claimDelivery(store, clock, 'd-2');

    // Act
    const failure = await first?.settle(failWith500).catch((error: unknown) => error);
    const redelivered = await claimDelivery(store, clock, 'd-2');

    // Assess
    expect(failure).toMatchObject({ message: 'GitHub answered 500' });
    expect(redelivered).toBeDefined();
  });

  it('claims a delivery for one of several concurrent duplicates only', async () => {
    // Prepare
    const store = await openStore();
    const clock = new FakeClock();

    // Act
    const claims = await Promise.all(Array.from({ length: 5 }, () => claimDelivery(store, clock, 'd-3')));

    // Assess
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
  });

  it('claims again a delivery left half-handled by a process that died, once its handling time is over', async () => {
    // Prepare
    const store = await openStore();
    const clock = new FakeClock();
    await claimDelivery(store, clock, 'd-4');

    // Act
    const meanwhile = await claimDelivery(store, clock, 'd-4');
    clock.advance(15 * 60_000);
    const later = await claimDelivery(store, clock, 'd-4');

    // Assess
    expect(meanwhile).toBeUndefined();
    expect(later).toBeDefined();
  });
});
