import type { Database, Statement } from 'better-sqlite3';
import { canTransition, type Job, type JobStatus, jobStatuses } from '../../core/jobs/job';
import type { JobPatch, JobQuery } from '../../core/ports';
import { type JobRow, jobFromRow, jobToRow, type PatchParams, patchParams } from './sqlite-rows';

const statuses = jobStatuses;

const patchColumns = `
  started_at = COALESCE(@startedAt, started_at),
  finished_at = COALESCE(@finishedAt, finished_at),
  build = COALESCE(@build, build),
  summary = COALESCE(@summary, summary),
  plan_digest = COALESCE(@planDigest, plan_digest),
  reason = COALESCE(@reason, reason),
  reply = COALESCE(@reply, reply),
  sha = COALESCE(@sha, sha),
  plan_job_id = COALESCE(@planJobId, plan_job_id),
  apply_order = COALESCE(@order, apply_order),
  build_process_group = COALESCE(@buildProcessGroup, build_process_group),
  build_start_ticks = COALESCE(@buildStartTicks, build_start_ticks)`;

type TransitionParams = PatchParams & { id: string; to: JobStatus; from: string };
type ListParams = {
  stack: string | null;
  statuses: string | null;
  action: string | null;
  kind: string | null;
  pr: number | null;
  createdSince: string | null;
  limit: number;
};

/** The `jobs` table: each call is one prepared statement, so each is atomic on its own. */
export class SqliteJobTable {
  private readonly insert: Statement<[JobRow]>;
  private readonly select: Statement<[string], JobRow>;
  private readonly transition: Statement<[TransitionParams], JobRow>;
  private readonly update: Statement<[PatchParams & { id: string }]>;
  private readonly lists = new Map<string, Statement<[ListParams], JobRow>>();
  /** For each target status, the JSON list of statuses a job may move to it from. */
  private readonly allowedFrom: Record<JobStatus, string>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`
      INSERT INTO jobs (id, action, kind, stack, sha, ref, pr, plan_job_id, requested_by, reply, status, created_at,
        started_at, finished_at, build, summary, plan_digest, reason, build_process_group, build_start_ticks,
        apply_order)
      VALUES (@id, @action, @kind, @stack, @sha, @ref, @pr, @plan_job_id, @requested_by, @reply, @status, @created_at,
        @started_at, @finished_at, @build, @summary, @plan_digest, @reason, @build_process_group, @build_start_ticks,
        @apply_order)
      ON CONFLICT (id) DO NOTHING`);
    this.select = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.transition = db.prepare(`
      UPDATE jobs SET status = @to, ${patchColumns}
      WHERE id = @id AND status IN (SELECT value FROM json_each(@from))
      RETURNING *`);
    this.update = db.prepare(`UPDATE jobs SET ${patchColumns} WHERE id = @id`);
    const entries = statuses.map((to) => [to, JSON.stringify(statuses.filter((from) => canTransition(from, to)))]);
    this.allowedFrom = Object.fromEntries(entries) as Record<JobStatus, string>;
  }

  create(job: Job): boolean {
    return this.insert.run(jobToRow(job)).changes === 1;
  }

  get(id: string): Job | undefined {
    const row = this.select.get(id);
    return row && jobFromRow(row);
  }

  moveTo(id: string, to: JobStatus, patch: JobPatch): Job | undefined {
    const row = this.transition.get({ ...patchParams(patch), id, to, from: this.allowedFrom[to] });
    return row && jobFromRow(row);
  }

  patch(id: string, patch: JobPatch): void {
    this.update.run({ ...patchParams(patch), id });
  }

  list(query: JobQuery): Job[] {
    const params: ListParams = {
      stack: query.stack ?? null,
      statuses: query.status ? JSON.stringify(query.status) : null,
      action: query.action ?? null,
      kind: query.kind ?? null,
      pr: query.pr ?? null,
      createdSince: query.createdSince ?? null,
      limit: Math.max(0, Math.floor(query.limit)),
    };
    return this.listStatement(params).all(params).map(jobFromRow);
  }

  /** One prepared statement per combination of filters, so that each can use the best index. */
  private listStatement(params: ListParams): Statement<[ListParams], JobRow> {
    const filters = [
      params.stack !== null && 'stack = @stack',
      params.statuses !== null && 'status IN (SELECT value FROM json_each(@statuses))',
      params.action !== null && 'action = @action',
      params.kind !== null && "COALESCE(kind, 'ordinary') = @kind",
      params.pr !== null && 'pr = @pr',
      params.createdSince !== null && 'created_at >= @createdSince',
    ].filter((filter): filter is string => filter !== false);
    const key = filters.join(' AND ');
    let statement = this.lists.get(key);
    if (!statement) {
      const where = filters.length > 0 ? `WHERE ${key}` : '';
      statement = this.db.prepare(`SELECT * FROM jobs ${where} ORDER BY created_at DESC, id DESC LIMIT @limit`);
      this.lists.set(key, statement);
    }
    return statement;
  }
}
