import type { StackConfig } from '../config/schema';
import { type Job, type JobAction, type JobKind, newJobId, type Requester, type SlackReplyTarget } from '../jobs/job';
import type { JobRequest } from '../jobs/job-request';
import { auditJob } from './audit-job';
import type { RequestDeps } from './deps';
import { type Outcome, refuse } from './refusal';

/** Posts the "job requested" message and returns where to report later; absent for requests from GitHub. */
export type Announce = (job: Job) => Promise<SlackReplyTarget | undefined>;

export interface NewJob {
  action: JobAction;
  kind?: JobKind;
  stack: StackConfig;
  sha: string;
  ref?: string;
  pr?: number;
  planJobId?: string;
  requester: Requester;
}

/** Refuses early when another owner holds the stack's lock (the dispatcher takes it for real). */
export async function checkLockFree(
  stack: string,
  pr: number | undefined,
  deps: RequestDeps,
): Promise<Outcome<object>> {
  const lock = await deps.store.getLock(stack, deps.clock.now());
  if (!lock) return { ok: true };
  const samePr = pr !== undefined && lock.owner.kind === 'pr' && lock.owner.pr === pr;
  if (samePr && lock.activeJobId === undefined) return { ok: true };
  return refuse({ reason: 'lock_held', lock });
}

/** The job a request makes, in `status`, with a new id. */
export function newJob(spec: NewJob, status: 'queued' | 'waiting', now: Date, randomId: () => string): Job {
  return {
    id: newJobId(now, randomId),
    action: spec.action,
    ...(spec.kind !== undefined ? { kind: spec.kind } : {}),
    stack: spec.stack.name,
    sha: spec.sha,
    requestedBy: spec.requester,
    status,
    createdAt: now.toISOString(),
    ...(spec.ref !== undefined && spec.ref !== spec.sha ? { ref: spec.ref } : {}),
    ...(spec.pr !== undefined ? { pr: spec.pr } : {}),
    ...(spec.planJobId !== undefined ? { planJobId: spec.planJobId } : {}),
  };
}

/** Announces a new job (its Slack message, when asked from Slack) and records it with where it reports. */
export async function recordAnnounced(job: Job, announce: Announce, deps: Pick<RequestDeps, 'store'>): Promise<Job> {
  const reply = await announce(job);
  const announced = reply ? { ...job, reply } : job;
  await deps.store.createJob(announced);
  return announced;
}

/** Records a queued job, announces it, writes the audit line and hands it to the dispatcher. */
export async function submitJob(spec: NewJob, announce: Announce, deps: RequestDeps): Promise<Outcome<{ job: Job }>> {
  const now = deps.clock.now();
  const job = await recordAnnounced(newJob(spec, 'queued', now, deps.randomId), announce, deps);
  await auditJob(
    deps.store,
    job,
    now,
    'accepted',
    `at ${job.sha}${job.ref ? ` (${job.ref})` : ''}${job.pr ? ` for PR #${job.pr}` : ''}`,
  );
  try {
    await deps.dispatcher.dispatch(toJobRequest(job));
  } catch (error) {
    // The job never reached the dispatcher: mark it failed rather than leave it queued for ever.
    const why = `handing the job to the dispatcher failed: ${error instanceof Error ? error.message : String(error)}`;
    await deps.store.transitionJob(job.id, 'failed', { reason: why, finishedAt: deps.clock.now().toISOString() });
    await auditJob(deps.store, job, deps.clock.now(), 'failed', why);
    return refuse({ reason: 'dispatch_failed', why });
  }
  return { ok: true, job };
}

/** The dispatcher's view of a job. */
export function toJobRequest(job: Job): JobRequest {
  return {
    jobId: job.id,
    action: job.action,
    ...(job.kind !== undefined ? { kind: job.kind } : {}),
    stack: job.stack,
    sha: job.sha,
    requestedBy: job.requestedBy,
    ...(job.ref !== undefined ? { ref: job.ref } : {}),
    ...(job.pr !== undefined ? { pr: job.pr } : {}),
    ...(job.planJobId !== undefined ? { planJobId: job.planJobId } : {}),
    ...(job.reply !== undefined ? { reply: job.reply } : {}),
  };
}
