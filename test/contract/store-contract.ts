import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../core/ports';
import { describeApprovalContract } from './store-contract-approvals';
import { describeAuditContract } from './store-contract-audit';
import { describeDriftContract } from './store-contract-drift';
import { describeJobListContract } from './store-contract-job-lists';
import { describeJobContract } from './store-contract-jobs';
import { describeLeaseContract } from './store-contract-leases';
import { describeLockExtendContract } from './store-contract-lock-extend';
import { describeLockReleaseContract } from './store-contract-lock-release';
import { describeLockContract } from './store-contract-locks';

/** A store opened for one test, and how to close it afterwards. */
export interface OpenedStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * The behaviour every `Store` shares (MemoryStore, SqliteStore, DynamoDbStore). Call it from a test file with a
 * factory that returns a fresh, empty store each time; it is called before every test and closed after it.
 *
 * @example describeStoreContract('SqliteStore', async () => { const s = new SqliteStore(':memory:'); return { store: s, close: async () => s.close() }; });
 */
export function describeStoreContract(name: string, makeStore: () => Promise<OpenedStore>): void {
  describe(`${name} (store contract)`, () => {
    let opened: OpenedStore | undefined;
    beforeEach(async () => {
      opened = await makeStore();
    });
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    const store = (): Store => {
      if (!opened) throw new Error('the store under test is not open: call it inside a test');
      return opened.store;
    };
    describeJobContract(store);
    describeJobListContract(store);
    describeLockContract(store);
    describeLockReleaseContract(store);
    describeLockExtendContract(store);
    describeAuditContract(store);
    describeApprovalContract(store);
    describeLeaseContract(store);
    describeDriftContract(store);
  });
}
