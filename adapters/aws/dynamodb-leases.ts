import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BudgetStore, LeaseStore } from '../../core/ports';
import { describedCall, isConditionFailure } from './aws-error';
import type { TableOptions } from './dynamodb-jobs';
import { budgetKey, leaseKey, ttlSeconds } from './dynamodb-keys';

/**
 * Leases (`LEASE#<key>`): one conditional put to take, one conditional delete to give back. Shared budgets
 * (`BUDGET#<key>`): one conditional update that adds a use while fewer than the limit are counted.
 */
export class DynamoDbLeases implements LeaseStore, BudgetStore {
  constructor(private readonly options: TableOptions) {}

  async acquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const { client, tableName } = this.options;
    const expiresAtMs = now.getTime() + ttlMs;
    try {
      await describedCall('dynamodb_failed', `taking lease ${key} in dynamodb table ${tableName}`, () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...leaseKey(key), holder, expiresAtMs, ttl: ttlSeconds(expiresAtMs) },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :now OR holder = :holder',
            ExpressionAttributeValues: { ':now': now.getTime(), ':holder': holder },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async releaseLease(key: string, holder: string): Promise<void> {
    const { client, tableName } = this.options;
    try {
      await describedCall('dynamodb_failed', `giving back lease ${key} in dynamodb table ${tableName}`, () =>
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: leaseKey(key),
            ConditionExpression: 'holder = :holder',
            ExpressionAttributeValues: { ':holder': holder },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async spendBudget(key: string, limit: number, ttlMs: number, now: Date): Promise<boolean> {
    const { client, tableName } = this.options;
    if (limit < 1) return false;
    try {
      await describedCall('dynamodb_failed', `spending budget ${key} in dynamodb table ${tableName}`, () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: budgetKey(key),
            UpdateExpression: 'SET #ttl = if_not_exists(#ttl, :ttl) ADD used :one',
            ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':ttl': ttlSeconds(now.getTime() + ttlMs), ':one': 1, ':limit': limit },
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
