import { describeStoreContract } from '../../contract/store-contract';
import { MemoryStore } from '../../fakes/memory-store';

describeStoreContract('MemoryStore', async () => ({ store: new MemoryStore(), close: async () => {} }));
