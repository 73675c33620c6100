import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  canAcquire,
  isExpired,
  type Lock,
  type LockOwner,
  type LockRequest,
  type LockResult,
  lockAfterAcquire,
} from '../../core/locks/lock';
import type { LockStore } from '../../core/ports';
import * as z from '../../core/zod';
import { AwsAdapterError, describedCall, isConditionFailure } from './aws-error';
import type { TableOptions } from './dynamodb-jobs';
import { lockKey, locksPk, plain, ttlSeconds, withoutLayout } from './dynamodb-keys';

/** How often a lock write is retried when another writer changed the lock between our read and our write. */
const maxAttempts = 5;

const LockItemSchema = z.looseObject({
  stack: z.string(),
  owner: z.union([
    z.object({ kind: z.literal('job'), jobId: z.string() }),
    z.object({ kind: z.literal('pr'), pr: z.number() }),
  ]),
  activeJobId: z.optional(z.string()),
  heldBy: z.string(),
  acquiredAt: z.string(),
  expiresAt: z.string(),
});

/** `job:<id>` or `pr:<number>`: the owner as one comparable string. */
export function ownerKey(owner: LockOwner): string {
  return owner.kind === 'job' ? `job:${owner.jobId}` : `pr:${owner.pr}`;
}

/**
 * Stack locks, one item each in the `LOCK` partition. Every write is conditional: a lock is taken when the
 * item is absent or unchanged since it was read (a random `rev` changes on every write) and the lock rules
 * of core/locks allow it; it is released only by its owner, by the job running under it, or by an unlock of
 * exactly the lock that was checked. A live job's heartbeat pushes its expiry (and `ttl`) forward.
 */
export class DynamoDbLocks implements LockStore {
  constructor(private readonly options: TableOptions) {}

  async acquireLock(request: LockRequest, now: Date): Promise<LockResult> {
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const current = await this.read(request.stack);
      if (current && !canAcquire(current.lock, request, now)) return { ok: false, heldBy: current.lock };
      const lock = lockAfterAcquire(current?.lock, request, now);
      if (await this.writeIfUnchanged(lock, current?.rev)) return { ok: true, lock };
    }
    throw new AwsAdapterError(
      'lock_contention',
      `taking the lock of stack "${request.stack}": it changed under us ${maxAttempts} times in a row`,
    );
  }

  async releaseJobLock(stack: string, jobId: string, _now: Date): Promise<boolean> {
    if (await this.deleteIf(stack, 'ownerKey = :owner', { ':owner': ownerKey({ kind: 'job', jobId }) })) return true;
    const { client, tableName } = this.options;
    try {
      await describedCall('dynamodb_failed', `releasing job ${jobId} from the lock of stack "${stack}"`, () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: lockKey(stack),
            UpdateExpression: 'SET #rev = :rev REMOVE activeJobId',
            ConditionExpression: '#owner.#kind = :pr AND activeJobId = :job',
            ExpressionAttributeNames: { '#rev': 'rev', '#owner': 'owner', '#kind': 'kind' },
            ExpressionAttributeValues: { ':rev': randomUUID(), ':pr': 'pr', ':job': jobId },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseLock(stack: string, owner: LockOwner): Promise<boolean> {
    return this.deleteIf(stack, 'ownerKey = :owner', { ':owner': ownerKey(owner) });
  }

  /** A delete conditional on the checked owner and active job (`isCheckedLock`), expired or not. */
  async releaseCheckedLock(checked: Lock): Promise<boolean> {
    const { stack, owner, activeJobId } = checked;
    if (activeJobId === undefined) {
      return this.deleteIf(stack, 'ownerKey = :owner AND attribute_not_exists(activeJobId)', {
        ':owner': ownerKey(owner),
      });
    }
    return this.deleteIf(stack, 'ownerKey = :owner AND activeJobId = :job', {
      ':owner': ownerKey(owner),
      ':job': activeJobId,
    });
  }

  /** An update conditional on the rule of `canExtend`; the item's `ttl` moves with its expiry. */
  async extendJobLock(stack: string, jobId: string, until: Date): Promise<boolean> {
    const { client, tableName } = this.options;
    const ms = until.getTime();
    try {
      await describedCall('dynamodb_failed', `extending the lock of stack "${stack}" for job ${jobId}`, () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: lockKey(stack),
            UpdateExpression: 'SET expiresAt = :at, expiresAtMs = :ms, #ttl = :ttl, #rev = :rev',
            ConditionExpression: 'activeJobId = :job AND expiresAtMs < :ms',
            ExpressionAttributeNames: { '#ttl': 'ttl', '#rev': 'rev' },
            ExpressionAttributeValues: {
              ':at': until.toISOString(),
              ':ms': ms,
              ':ttl': ttlSeconds(ms),
              ':rev': randomUUID(),
              ':job': jobId,
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getLock(stack: string, now: Date): Promise<Lock | undefined> {
    const current = await this.read(stack);
    return current && !isExpired(current.lock, now) ? current.lock : undefined;
  }

  async listLocks(now: Date): Promise<Lock[]> {
    const { client, tableName } = this.options;
    const locks: Lock[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await describedCall('dynamodb_failed', `listing locks in dynamodb table ${tableName}`, () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': locksPk },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      locks.push(...(page.Items ?? []).map(toLock).filter((lock) => !isExpired(lock, now)));
      start = page.LastEvaluatedKey;
    } while (start);
    return locks;
  }

  private async read(stack: string): Promise<{ lock: Lock; rev: string } | undefined> {
    const { client, tableName } = this.options;
    const result = await describedCall('dynamodb_failed', `reading the lock of stack "${stack}"`, () =>
      client.send(new GetCommand({ TableName: tableName, Key: lockKey(stack), ConsistentRead: true })),
    );
    return result.Item && { lock: toLock(result.Item), rev: String(result.Item.rev) };
  }

  private async writeIfUnchanged(lock: Lock, rev: string | undefined): Promise<boolean> {
    const { client, tableName } = this.options;
    const expiresAtMs = Date.parse(lock.expiresAt);
    const item = {
      ...plain(lock),
      ...lockKey(lock.stack),
      ownerKey: ownerKey(lock.owner),
      expiresAtMs,
      rev: randomUUID(),
      ttl: ttlSeconds(expiresAtMs),
    };
    try {
      await describedCall('dynamodb_failed', `taking the lock of stack "${lock.stack}"`, () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: rev === undefined ? 'attribute_not_exists(pk)' : 'rev = :rev',
            ExpressionAttributeValues: rev === undefined ? undefined : { ':rev': rev },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  private async deleteIf(stack: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    const { client, tableName } = this.options;
    try {
      await describedCall('dynamodb_failed', `releasing the lock of stack "${stack}"`, () =>
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: lockKey(stack),
            ConditionExpression: condition,
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function toLock(item: Record<string, unknown>): Lock {
  const parsed = LockItemSchema.safeParse(withoutLayout(item));
  if (!parsed.success) {
    throw new AwsAdapterError('corrupt_item', `reading the lock item of ${String(item.sk)}: ${parsed.error.message}`);
  }
  return parsed.data as Lock;
}
