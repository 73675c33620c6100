import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';

/** A dynalite server on 127.0.0.1 (ephemeral port) with infrabot's table, reached with the real AWS SDK. */
export interface LocalDynamo {
  endpoint: string;
  tableName: string;
  client: DynamoDBDocumentClient;
  /** Creates another empty table with infrabot's key schema on the same server. */
  createTable(name: string): Promise<void>;
  close(): Promise<void>;
}

export const dummyAws = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
} as const;

export async function startDynalite(tableName = 'infrabot-test'): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const raw = new DynamoDBClient({ ...dummyAws, endpoint });
  const createTable = async (name: string) => {
    await raw.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // dynalite answers CreateTable before the table is ACTIVE (a timer, late on a loaded machine), and until then
    // every item request on it fails as ResourceNotFound.
    while ((await raw.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await createTable(tableName);
  const client = DynamoDBDocumentClient.from(raw);
  return {
    endpoint,
    tableName,
    client,
    createTable,
    close: async () => {
      raw.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
