import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { canTransition, type Job, type JobStatus, jobStatuses, queryKindOf } from '../../core/jobs/job';
import type { JobPatch, JobQuery, JobStore } from '../../core/ports';
import * as z from '../../core/zod';
import { AwsAdapterError, describedCall, isConditionFailure } from './aws-error';
import {
  allJobsPk,
  jobIndexSortKey,
  jobKey,
  plain,
  prJobsPk,
  stackJobsPk,
  ttlSeconds,
  withoutLayout,
} from './dynamodb-keys';
import { updateFrom } from './dynamodb-update';

const statuses = jobStatuses;

/** The fields a job item must have to be read back as a job (other fields pass through). */
const JobItemSchema = z.looseObject({
  id: z.string(),
  action: z.enum(['plan', 'apply']),
  stack: z.string(),
  sha: z.string(),
  status: z.enum(['waiting', 'queued', 'running', 'succeeded', 'failed', 'cancelled']),
  createdAt: z.string(),
  requestedBy: z.looseObject({ source: z.string(), id: z.string() }),
});

export interface TableOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** When set, jobs and audit entries expire (through the table's TTL) this long after they are written. */
  retentionMs?: number;
}

/** Jobs and their index items (see dynamodb-keys.ts for the layout). */
export class DynamoDbJobs implements JobStore {
  constructor(private readonly options: TableOptions) {}

  async createJob(job: Job): Promise<boolean> {
    const { client, tableName } = this.options;
    const ttl = this.ttl(job.createdAt);
    try {
      await describedCall('dynamodb_failed', `recording job ${job.id} in dynamodb table ${tableName}`, () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...plain(job), ...jobKey(job.id), ...ttl },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.writeIndexItems(job, ttl);
    return true;
  }

  async getJob(id: string): Promise<Job | undefined> {
    const { client, tableName } = this.options;
    const result = await describedCall('dynamodb_failed', `reading job ${id} from dynamodb table ${tableName}`, () =>
      client.send(new GetCommand({ TableName: tableName, Key: jobKey(id), ConsistentRead: true })),
    );
    return result.Item && toJob(result.Item);
  }

  async transitionJob(id: string, to: JobStatus, patch: JobPatch = {}): Promise<Job | undefined> {
    const from = statuses.filter((status) => canTransition(status, to));
    if (from.length === 0) return undefined;
    const update = updateFrom({ ...patch, status: to });
    if (!update) return undefined;
    const fromNames = from.map((_, index) => `:from${index}`);
    const fromValues = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
    try {
      const result = await this.update(id, `moving job ${id} to ${to}`, {
        ...update,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status' },
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...fromValues },
        ConditionExpression: `attribute_exists(pk) AND #status IN (${fromNames.join(', ')})`,
      });
      return result && toJob(result);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async updateJob(id: string, patch: JobPatch): Promise<void> {
    const update = updateFrom({ ...patch });
    if (!update) return;
    try {
      await this.update(id, `updating job ${id}`, { ...update, ConditionExpression: 'attribute_exists(pk)' });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async listJobs(query: JobQuery): Promise<Job[]> {
    const found: Job[] = [];
    let start: Record<string, unknown> | undefined;
    while (found.length < query.limit) {
      const page = await this.queryIndex(query, start);
      const jobs = await this.getJobs(page.ids);
      for (const id of page.ids) {
        const job = jobs.get(id);
        if (job && matches(job, query) && found.length < query.limit) found.push(job);
      }
      start = page.next;
      if (!start) break;
    }
    return found;
  }

  /** Reads jobs by id in batches of 100; missing ids are left out. */
  async getJobs(ids: readonly string[]): Promise<Map<string, Job>> {
    const found = new Map<string, Job>();
    for (let offset = 0; offset < ids.length; offset += 100) {
      let keys: Record<string, unknown>[] = ids.slice(offset, offset + 100).map(jobKey);
      while (keys.length > 0) {
        const result = await this.batchGet(keys);
        for (const item of result.Responses?.[this.options.tableName] ?? []) {
          const job = toJob(item);
          found.set(job.id, job);
        }
        keys = result.UnprocessedKeys?.[this.options.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  private batchGet(keys: Record<string, unknown>[]) {
    const { client, tableName } = this.options;
    return describedCall('dynamodb_failed', `reading ${keys.length} jobs from dynamodb table ${tableName}`, () =>
      client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } })),
    );
  }

  private async writeIndexItems(job: Job, ttl: { ttl?: number }): Promise<void> {
    const { client, tableName } = this.options;
    const partitions = [allJobsPk, stackJobsPk(job.stack), ...(job.pr === undefined ? [] : [prJobsPk(job.pr)])];
    const fields = plain({ jobId: job.id, stack: job.stack, action: job.action, pr: job.pr });
    await Promise.all(
      partitions.map((pk) =>
        describedCall('dynamodb_failed', `indexing job ${job.id} under ${pk} in dynamodb table ${tableName}`, () =>
          client.send(
            new PutCommand({
              TableName: tableName,
              Item: { pk, sk: jobIndexSortKey(job.createdAt, job.id), ...fields, ...ttl },
            }),
          ),
        ),
      ),
    );
  }

  private async queryIndex(query: JobQuery, start: Record<string, unknown> | undefined) {
    const { client, tableName } = this.options;
    const pk =
      query.pr !== undefined ? prJobsPk(query.pr) : query.stack !== undefined ? stackJobsPk(query.stack) : allJobsPk;
    const filter = indexFilter(query);
    // The sort key `<createdAt>#<jobId>` sorts like createdAt (ISO 8601, all of one length): the query stops there.
    const since = query.createdSince === undefined ? {} : { ':since': query.createdSince };
    const result = await describedCall(
      'dynamodb_failed',
      `listing jobs under ${pk} in dynamodb table ${tableName}`,
      () =>
        client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: query.createdSince === undefined ? 'pk = :pk' : 'pk = :pk AND sk >= :since',
            ExpressionAttributeValues: { ':pk': pk, ...since, ...filter.values },
            ...(filter.expression
              ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names }
              : {}),
            ScanIndexForward: false,
            Limit: Math.min(100, Math.max(query.limit, 25)),
            ExclusiveStartKey: start,
          }),
        ),
    );
    const ids = (result.Items ?? []).map((item) => String(item.jobId));
    return { ids, next: result.LastEvaluatedKey };
  }

  private async update(
    id: string,
    activity: string,
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>,
  ) {
    const { client, tableName } = this.options;
    const result = await describedCall('dynamodb_failed', `${activity} in dynamodb table ${tableName}`, () =>
      client.send(new UpdateCommand({ TableName: tableName, Key: jobKey(id), ReturnValues: 'ALL_NEW', ...input })),
    );
    return result.Attributes;
  }

  private ttl(from: string): { ttl?: number } {
    const { retentionMs } = this.options;
    return retentionMs === undefined ? {} : { ttl: ttlSeconds(Date.parse(from) + retentionMs) };
  }
}

/** The filter on an index item's fixed fields that the chosen partition does not already imply. */
function indexFilter(query: JobQuery) {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const add = (field: 'action' | 'stack' | 'pr', value: unknown) => {
    conditions.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  };
  if (query.action !== undefined) add('action', query.action);
  if (query.pr !== undefined && query.stack !== undefined) add('stack', query.stack);
  return { expression: conditions.join(' AND '), names, values };
}

function matches(job: Job, query: JobQuery): boolean {
  return (
    (query.stack === undefined || job.stack === query.stack) &&
    (query.status === undefined || query.status.includes(job.status)) &&
    (query.action === undefined || job.action === query.action) &&
    (query.kind === undefined || queryKindOf(job) === query.kind) &&
    (query.pr === undefined || job.pr === query.pr) &&
    (query.createdSince === undefined || job.createdAt >= query.createdSince)
  );
}

/** Reads a job item back into a job, refusing an item that is not one. */
export function toJob(item: Record<string, unknown>): Job {
  const parsed = JobItemSchema.safeParse(withoutLayout(item));
  if (!parsed.success) {
    throw new AwsAdapterError('corrupt_item', `reading job item ${String(item.pk)}: ${parsed.error.message}`);
  }
  return parsed.data as unknown as Job;
}
