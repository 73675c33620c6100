/**
 * The key design of infrabot's one DynamoDB table (string partition key `pk`, string sort key `sk`,
 * TTL attribute `ttl` in epoch seconds). No secondary index is needed, and no transaction (every
 * multi-item write is ordered so that a crash in between leaves nothing visible that is wrong).
 *
 * | item                 | pk                       | sk                                 | notes                                 |
 * | -------------------- | ------------------------ | ---------------------------------- | ------------------------------------- |
 * | job                  | `JOB#<jobId>`            | `JOB`                              | the job's fields as top-level attrs   |
 * | all jobs, newest     | `JOBS`                   | `<createdAt>#<jobId>`              | index item: jobId, stack, action, pr  |
 * | a stack's jobs       | `STACKJOBS#<stack>`      | `<createdAt>#<jobId>`              | index item, same attributes           |
 * | a PR's jobs          | `PRJOBS#<pr>`            | `<createdAt>#<jobId>`              | index item, same attributes           |
 * | lock of a stack      | `LOCK`                   | `<stack>`                          | `expiresAtMs`, `ownerKey`, `rev`      |
 * | audit entry          | `AUDIT`                  | `<at>#<seq>`                       | every entry                           |
 * | audit of a target    | `AUDIT#<target>`         | `<at>#<seq>`                       | the same entry again, by target       |
 * | idempotency claim    | `CLAIM#<key>`            | `CLAIM`                            | `expiresAtMs`, `ttl`                  |
 * | approval of a plan   | `APPROVALS#<planJobId>`  | `<source>#<approver id>`           | written once per person (conditional) |
 * | lease                | `LEASE#<key>`            | `LEASE`                            | `holder`, `expiresAtMs`, `ttl`        |
 * | shared budget        | `BUDGET#<key>`           | `BUDGET`                           | `used`, `ttl`                         |
 * | drift of a stack     | `DRIFT`                  | `<stack>`                          | the stack's drift status, no TTL      |
 * | Powertools records   | `idempotency#<function>` | `<hashed key>`                     | written by Powertools Idempotency     |
 *
 * Index items hold only what never changes about a job (id, stack, action, PR), so a status change is one
 * conditional update of the job item. `listJobs` queries the narrowest index partition (PR, else stack, else
 * all) newest first, filters on those fixed fields in DynamoDB, then reads the job items in batches and
 * filters on status: "the latest successful plan of a stack" and "the jobs of a PR" read one partition.
 * The job item is written before its index items: a crash in between leaves a job that is not listed, never
 * an index item pointing nowhere. All locks share the `LOCK` partition, so listing them is one query.
 */

export const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' });
export const jobIndexSortKey = (createdAt: string, jobId: string) => `${createdAt}#${jobId}`;
export const allJobsPk = 'JOBS';
export const stackJobsPk = (stack: string) => `STACKJOBS#${stack}`;
export const prJobsPk = (pr: number) => `PRJOBS#${pr}`;

export const locksPk = 'LOCK';
export const lockKey = (stack: string) => ({ pk: locksPk, sk: stack });

export const approvalsPk = (planJobId: string) => `APPROVALS#${planJobId}`;
export const approvalKey = (planJobId: string, source: string, id: string) => ({
  pk: approvalsPk(planJobId),
  sk: `${source}#${id}`,
});

export const allAuditPk = 'AUDIT';
export const targetAuditPk = (target: string) => `AUDIT#${target}`;

export const claimKey = (key: string) => ({ pk: `CLAIM#${key}`, sk: 'CLAIM' });

export const leaseKey = (key: string) => ({ pk: `LEASE#${key}`, sk: 'LEASE' });

export const driftPk = 'DRIFT';
export const driftKey = (stack: string) => ({ pk: driftPk, sk: stack });

export const budgetKey = (key: string) => ({ pk: `BUDGET#${key}`, sk: 'BUDGET' });

/** Epoch seconds for DynamoDB's TTL attribute. */
export function ttlSeconds(epochMs: number): number {
  return Math.ceil(epochMs / 1000);
}

/** Attributes that belong to the table's layout, never to the domain object stored in the item. */
export const layoutAttributes = ['pk', 'sk', 'ttl', 'rev', 'ownerKey', 'expiresAtMs', 'seq'] as const;

/** A copy of an item without the layout attributes. */
export function withoutLayout(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const name of layoutAttributes) delete copy[name];
  return copy;
}

/** A deep copy without `undefined` values, which DynamoDB cannot store. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
