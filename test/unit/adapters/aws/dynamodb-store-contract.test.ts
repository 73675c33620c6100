import { afterAll, beforeAll } from 'vitest';
import { DynamoDbStore } from '../../../../adapters/aws/dynamodb-store';
import { describeStoreContract } from '../../../contract/store-contract';
import { type LocalDynamo, startDynalite } from '../../../support/dynalite';

let dynamo: LocalDynamo;
let tables = 0;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => dynamo.close());

describeStoreContract('DynamoDbStore on dynalite', async () => {
  tables += 1;
  const tableName = `infrabot-contract-${tables}`;
  await dynamo.createTable(tableName);
  return { store: new DynamoDbStore({ client: dynamo.client, tableName }), close: async () => {} };
});
