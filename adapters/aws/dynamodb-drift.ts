import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DriftPatch, DriftStatus } from '../../core/drift/drift-status';
import type { DriftStore } from '../../core/ports';
import * as z from '../../core/zod';
import { AwsAdapterError, describedCall, isConditionFailure } from './aws-error';
import type { TableOptions } from './dynamodb-jobs';
import { driftKey, driftPk, plain, withoutLayout } from './dynamodb-keys';

/** The fields a drift item must have to be read back (the rest passes through as written). */
const DriftItemSchema = z.looseObject({ stack: z.string() });

/**
 * Each stack's drift status: one item per stack in the `DRIFT` partition, so that `/tf drift` over a thousand
 * stacks is one paged query. Drift items never expire. A change is one `UpdateItem` that sets and removes only the
 * attributes it names, so that writers of different fields at the same moment both keep their change.
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

  async updateDriftStatus(stack: string, patch: DriftPatch, ifJobId?: string): Promise<boolean> {
    const { client, tableName } = this.options;
    const update = updateOf(stack, patch);
    const condition =
      ifJobId === undefined
        ? {}
        : {
            ConditionExpression: '#jobId = :ifJobId',
            ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#jobId': 'jobId' },
            ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':ifJobId': ifJobId },
          };
    try {
      await describedCall('dynamodb_failed', `recording the drift of stack "${stack}" in ${tableName}`, () =>
        client.send(new UpdateCommand({ TableName: tableName, Key: driftKey(stack), ...update, ...condition })),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
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

/** The `UpdateItem` of a patch: `SET` for the fields given (and the stack, for a new item), `REMOVE` for the nulls. */
function updateOf(stack: string, patch: DriftPatch) {
  const names: Record<string, string> = { '#stack': 'stack' };
  const values: Record<string, unknown> = { ':stack': stack };
  const sets = ['#stack = :stack'];
  const removes: string[] = [];
  for (const [index, [field, value]] of Object.entries(patch).entries()) {
    if (value === undefined) continue;
    names[`#f${index}`] = field;
    if (value === null) {
      removes.push(`#f${index}`);
    } else {
      values[`:v${index}`] = plain(value);
      sets.push(`#f${index} = :v${index}`);
    }
  }
  const expression = `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`;
  return { UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}
