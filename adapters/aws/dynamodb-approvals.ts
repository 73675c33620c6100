import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Approval, ApprovalStore } from '../../core/ports';
import * as z from '../../core/zod';
import { AwsAdapterError, describedCall, isConditionFailure } from './aws-error';
import type { TableOptions } from './dynamodb-jobs';
import { approvalKey, approvalsPk, ttlSeconds } from './dynamodb-keys';

const ApprovalItemSchema = z.looseObject({
  planJobId: z.string(),
  approver: z.looseObject({ source: z.enum(['slack', 'github', 'actions']), id: z.string() }),
  at: z.string(),
});

/** Approvals of flagged plans: one item per person per plan, written only if absent. */
export class DynamoDbApprovals implements ApprovalStore {
  constructor(private readonly options: TableOptions) {}

  async addApproval(approval: Approval): Promise<boolean> {
    const { client, tableName, retentionMs } = this.options;
    const key = approvalKey(approval.planJobId, approval.approver.source, approval.approver.id);
    const ttl = retentionMs === undefined ? {} : { ttl: ttlSeconds(Date.parse(approval.at) + retentionMs) };
    try {
      await describedCall(
        'dynamodb_failed',
        `recording an approval of plan ${approval.planJobId} in ${tableName}`,
        () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...approval, ...key, ...ttl },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async listApprovals(planJobId: string): Promise<Approval[]> {
    const { client, tableName } = this.options;
    const page = await describedCall(
      'dynamodb_failed',
      `reading the approvals of plan ${planJobId} in ${tableName}`,
      () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': approvalsPk(planJobId) },
            ConsistentRead: true,
          }),
        ),
    );
    return (page.Items ?? []).map(toApproval).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}

function toApproval(item: Record<string, unknown>): Approval {
  const parsed = ApprovalItemSchema.safeParse(item);
  if (!parsed.success) {
    throw new AwsAdapterError('corrupt_item', `reading approval item ${String(item.pk)}: ${parsed.error.message}`);
  }
  const { planJobId, approver, at } = parsed.data;
  return { planJobId, approver: approver as Approval['approver'], at };
}
