import type { Job } from '../jobs/job';
import type { AuditEntry, AuditLog } from '../ports';

/** Writes the audit line of a job's step: who asked, `tf.<action>` on its stack, with the job id. */
export async function auditJob(
  log: AuditLog,
  job: Job,
  at: Date,
  outcome: AuditEntry['outcome'],
  detail?: string,
): Promise<void> {
  await log.appendAudit({
    at: at.toISOString(),
    actor: job.requestedBy,
    action: `tf.${job.action}`,
    target: job.stack,
    outcome,
    jobId: job.id,
    ...(detail !== undefined ? { detail } : {}),
  });
}
