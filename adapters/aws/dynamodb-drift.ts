import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DriftStatus } from '../../core/drift/drift-status';
import type { DriftStore } from '../../core/ports';
import * as z from '../../core/zod';
import { AwsAdapterError, describedCall } from './aws-error';
import type { TableOptions } from './dynamodb-jobs';
import { driftKey, driftPk, plain, withoutLayout } from './dynamodb-keys';

/** The fields a drift item must have to be read back (the rest passes through as written). */
const DriftItemSchema = z.looseObject({ stack: z.string() });

/**
 * Each stack's drift status: one item per stack in the `DRIFT` partition, so that `/tf drift` over a thousand
 * stacks is one paged query. Drift items never expire.
 */
export class DynamoDbDrift implements DriftStore {
  constructor(private readonly options: TableOptions) {}

  async getDriftStatus(stack: string): Promise<DriftStatus | undefined> {
    const { client, tableName } = this.options;
    const result = await describedCall('dynamodb_failed', `reading the drift of stack "${stack}"`, () =>
      client.send(new GetCommand({ TableName: tableName, Key: driftKey(stack), ConsistentRead: true })),
    );
    return result.Item && toDriftStatus(result.Item);
  }

  async putDriftStatus(status: DriftStatus): Promise<void> {
    const { client, tableName } = this.options;
    await describedCall('dynamodb_failed', `recording the drift of stack "${status.stack}" in ${tableName}`, () =>
      client.send(new PutCommand({ TableName: tableName, Item: { ...plain(status), ...driftKey(status.stack) } })),
    );
  }

  async listDriftStatuses(): Promise<DriftStatus[]> {
    const { client, tableName } = this.options;
    const statuses: DriftStatus[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await describedCall('dynamodb_failed', `listing drift in dynamodb table ${tableName}`, () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': driftPk },
            ExclusiveStartKey: start,
          }),
        ),
      );
      statuses.push(...(page.Items ?? []).map(toDriftStatus));
      start = page.LastEvaluatedKey;
    } while (start);
    return statuses;
  }
}

function toDriftStatus(item: Record<string, unknown>): DriftStatus {
  const parsed = DriftItemSchema.safeParse(withoutLayout(item));
  if (!parsed.success) {
    throw new AwsAdapterError('corrupt_item', `reading drift item ${String(item.sk)}: ${parsed.error.message}`);
  }
  return parsed.data as DriftStatus;
}
