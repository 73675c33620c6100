import { randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, AuditLog, IdempotencyStore } from '../../core/ports';
import * as z from '../../core/zod';
import { AwsAdapterError, describedCall, isConditionFailure } from './aws-error';
import type { TableOptions } from './dynamodb-jobs';
import { allAuditPk, claimKey, plain, targetAuditPk, ttlSeconds, withoutLayout } from './dynamodb-keys';

const AuditItemSchema = z.looseObject({
  at: z.string(),
  actor: z.looseObject({ source: z.string(), id: z.string() }),
  action: z.string(),
  target: z.string(),
  outcome: z.enum(['accepted', 'refused', 'succeeded', 'failed', 'cancelled']),
});

/** A sort-key suffix that orders entries written in the same millisecond by one process, and stays unique. */
function sequence(): string {
  return `${process.hrtime.bigint().toString().padStart(20, '0')}${randomBytes(3).toString('hex')}`;
}

/** The audit trail (each entry twice: in `AUDIT` and in `AUDIT#<target>`) and idempotency claims. */
export class DynamoDbRecords implements AuditLog, IdempotencyStore {
  constructor(private readonly options: TableOptions) {}

  async appendAudit(entry: AuditEntry): Promise<void> {
    const { client, tableName, retentionMs } = this.options;
    const sk = `${entry.at}#${sequence()}`;
    const ttl = retentionMs === undefined ? {} : { ttl: ttlSeconds(Date.parse(entry.at) + retentionMs) };
    const item = { ...plain(entry), sk, ...ttl };
    await Promise.all(
      [allAuditPk, targetAuditPk(entry.target)].map((pk) =>
        describedCall('dynamodb_failed', `appending to the audit log in dynamodb table ${tableName}`, () =>
          client.send(new PutCommand({ TableName: tableName, Item: { ...item, pk } })),
        ),
      ),
    );
  }

  async listAudit(query: { limit: number; target?: string }): Promise<AuditEntry[]> {
    const { client, tableName } = this.options;
    if (query.limit <= 0) return [];
    const pk = query.target === undefined ? allAuditPk : targetAuditPk(query.target);
    const entries: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await describedCall('dynamodb_failed', `reading the audit log in dynamodb table ${tableName}`, () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ScanIndexForward: false,
            Limit: query.limit - entries.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      entries.push(...(page.Items ?? []).map(toAuditEntry));
      start = page.LastEvaluatedKey;
    } while (start && entries.length < query.limit);
    return entries;
  }

  async claimOnce(key: string, ttlMs: number, now: Date): Promise<boolean> {
    const { client, tableName } = this.options;
    const expiresAtMs = now.getTime() + ttlMs;
    try {
      await describedCall('dynamodb_failed', `claiming idempotency key ${key} in dynamodb table ${tableName}`, () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...claimKey(key), expiresAtMs, ttl: ttlSeconds(expiresAtMs) },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :now',
            ExpressionAttributeValues: { ':now': now.getTime() },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseClaim(key: string): Promise<void> {
    const { client, tableName } = this.options;
    await describedCall('dynamodb_failed', `releasing idempotency key ${key} in dynamodb table ${tableName}`, () =>
      client.send(new DeleteCommand({ TableName: tableName, Key: claimKey(key) })),
    );
  }
}

function toAuditEntry(item: Record<string, unknown>): AuditEntry {
  const parsed = AuditItemSchema.safeParse(withoutLayout(item));
  if (!parsed.success) {
    throw new AwsAdapterError('corrupt_item', `reading audit item ${String(item.sk)}: ${parsed.error.message}`);
  }
  return parsed.data as unknown as AuditEntry;
}
