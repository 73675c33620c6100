import type { Database, Statement } from 'better-sqlite3';
import type { Requester } from '../../core/jobs/job';
import type { Approval } from '../../core/ports';

interface ApprovalRow {
  plan_job_id: string;
  approver_source: string;
  approver_id: string;
  approver: string;
  at: string;
}

/** The `approvals` table: one row per person per plan, kept unique by the table itself. */
export class SqliteApprovalTable {
  private readonly insert: Statement<[ApprovalRow]>;
  private readonly ofPlan: Statement<[string], ApprovalRow>;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO approvals (plan_job_id, approver_source, approver_id, approver, at)
      VALUES (@plan_job_id, @approver_source, @approver_id, @approver, @at)
      ON CONFLICT (plan_job_id, approver_source, approver_id) DO NOTHING`);
    this.ofPlan = db.prepare(
      'SELECT plan_job_id, approver_source, approver_id, approver, at FROM approvals WHERE plan_job_id = ? ORDER BY seq',
    );
  }

  add(approval: Approval): boolean {
    const row: ApprovalRow = {
      plan_job_id: approval.planJobId,
      approver_source: approval.approver.source,
      approver_id: approval.approver.id,
      approver: JSON.stringify(approval.approver),
      at: approval.at,
    };
    return this.insert.run(row).changes === 1;
  }

  list(planJobId: string): Approval[] {
    return this.ofPlan.all(planJobId).map((row) => ({
      planJobId: row.plan_job_id,
      approver: JSON.parse(row.approver) as Requester,
      at: row.at,
    }));
  }
}
